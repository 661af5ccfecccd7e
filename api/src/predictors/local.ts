import { Booster, predictProba } from '../model';
import { Predictor } from './types';

/** Scores in process with the TypeScript XGBoost runtime: the default, no AWS needed. */
export function createLocalPredictor(booster: Booster): Predictor {
  return {
    kind: 'local',
    async score(features, nRows) {
      return Float64Array.from(predictProba(booster, features, nRows));
    },
  };
}
