import { Booster, predictProba } from '@telco-churn/xgboost-runtime';
import { Predictor } from './types';

/** Scores in process with the TypeScript XGBoost runtime: the default, no AWS needed. */
export function createLocalPredictor(booster: Booster): Predictor {
  return {
    kind: 'local',
    async score(features, nRows) {
      // Scored before the first await: the caller's buffer is read at once, never later.
      return Float64Array.from(predictProba(booster, features, nRows));
    },
  };
}
