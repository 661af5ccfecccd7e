import type { Request, Response } from 'express';
import { FIELD_NAMES, FIELDS } from '@telco-churn/core/fields';
import type { Artifact } from '@telco-churn/core/artifact';
import type { PredictorKind } from '../predictors/types';
import { RISK_LEVELS } from '@telco-churn/core/contracts';

/** The 19 request fields as the UI draws its form: allowed values or ranges, labels, groups. */
export function describeFields() {
  return FIELD_NAMES.map((name) => {
    const spec = FIELDS[name];
    const common = {
      name,
      label: spec.label,
      group: spec.group,
      description: spec.description,
      csv: spec.csv,
    };
    return spec.kind === 'category'
      ? { ...common, kind: spec.kind, values: [...spec.values] }
      : { ...common, kind: spec.kind, min: spec.min, max: spec.max, unit: spec.unit };
  });
}

export function modelCard(artifact: Artifact, threshold: number) {
  const { params } = artifact;
  return {
    model_version: params.modelVersion,
    created_at: params.createdAt ?? null,
    threshold,
    risk_levels: RISK_LEVELS,
    features: [...params.featureNames],
    fields: describeFields(),
    metrics: artifact.metrics ?? null,
  };
}

/**
 * Both answers are fixed for the life of the process, so they are serialised once. /health
 * never calls the predictor: a SageMaker serverless endpoint would cold-start (and bill) on it.
 */
export function metaHandlers(artifact: Artifact, threshold: number, predictor: PredictorKind) {
  const health = JSON.stringify({ status: 'ok', predictor, model_version: artifact.params.modelVersion });
  const card = JSON.stringify(modelCard(artifact, threshold));
  const sendJson = (body: string) =>
    function send(_req: Request, res: Response): void {
      res.type('application/json').send(body);
    };
  return { health: sendJson(health), model: sendJson(card) };
}
