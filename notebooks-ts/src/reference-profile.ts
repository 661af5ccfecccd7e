import { buildReferenceProfile } from '@telco-churn/core/monitoring/profile';
import type { ReferenceProfile } from '@telco-churn/core/monitoring/reference';
import { Booster, predictProba } from '@telco-churn/xgboost-runtime';
import type { Prepared } from './prepare';

/**
 * The reference profile of a trained model: its training rows' fields (numeric ones binned at
 * their deciles) and its own probabilities on those rows. Training rows only: the held-out rows
 * stay unseen, and live traffic is compared with what the model was fitted on.
 */
export function referenceProfileOf(
  prepared: Prepared,
  booster: Booster,
  threshold: number,
  modelVersion: string,
  createdAt?: string,
): ReferenceProfile {
  const scores = predictProba(booster, prepared.train.x, prepared.train.nRows);
  return buildReferenceProfile({
    customers: prepared.trainRows.map((r) => r.customer),
    scores,
    threshold,
    modelVersion,
    createdAt,
  });
}
