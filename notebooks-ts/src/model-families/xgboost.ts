import { randomInt } from '@telco-churn/core/random';
import { Booster, parseModel, predictProba } from '@telco-churn/xgboost-runtime';
import { TrainedModel, XGBParams, toModelBytes, train } from '../xgboost-trainer';
import { ModelJsonError, ModelKind, Params, logUniform, readSaved } from './types';

/** The searched settings; `num_round` is the most rounds, early stopping on the held-out fold keeps fewer. */
export interface XgbParams
  extends
    Params,
    Pick<
      XGBParams,
      | 'eta'
      | 'max_depth'
      | 'min_child_weight'
      | 'gamma'
      | 'lambda'
      | 'alpha'
      | 'subsample'
      | 'colsample_bytree'
      | 'num_round'
    > {
  early_stopping_rounds: number;
}

export interface XgbModel {
  /** The `xgboost-model` file. */
  bytes: Uint8Array;
  booster: Booster;
  /** Rounds kept (best_ntree_limit): the final fit trains this many on average over the folds. */
  bestNtreeLimit: number;
  trained?: TrainedModel;
}

const fromBytes = (bytes: Uint8Array, trained?: TrainedModel): XgbModel => {
  const booster = parseModel(bytes, 'xgboost-model');
  return { bytes, booster, bestNtreeLimit: booster.numTrees, trained };
};

/** Our own trainer's parameters from a search setting (row weights carry any class balancing). */
export function trainerParams(params: XgbParams, seed: number, withValidation: boolean): Partial<XGBParams> {
  const { early_stopping_rounds, ...rest } = params;
  return {
    ...rest,
    seed,
    eval_metric: 'logloss',
    ...(withValidation ? { early_stopping_rounds } : {}),
  };
}

/**
 * XGBoost as a model family of the search: trained by `../xgboost` (our XGBoost-compatible
 * trainer), scored by the API's runtime so CV sees exactly what serving will. With a validation
 * set (the CV fold), it stops early on log-loss as `xgb.cv` does; the final fit then trains the
 * folds' mean number of rounds on all training rows, with no rows held back.
 */
export const xgboost: ModelKind<XgbParams, XgbModel> = {
  name: 'xgboost',
  label: 'XGBoost',
  defaults: {
    eta: 0.05,
    max_depth: 3,
    min_child_weight: 3,
    gamma: 0,
    lambda: 1,
    alpha: 0,
    subsample: 0.8,
    colsample_bytree: 0.8,
    num_round: 1000,
    early_stopping_rounds: 50,
  },
  sample: (rng) => ({
    eta: logUniform(rng, 0.02, 0.15),
    // Shallow trees: churn is close to additive in these features (depth 1-2 win in CV).
    max_depth: randomInt(rng, 1, 4),
    min_child_weight: logUniform(rng, 1, 20),
    gamma: rng() < 0.5 ? 0 : logUniform(rng, 0.01, 2),
    lambda: logUniform(rng, 0.3, 20),
    alpha: rng() < 0.5 ? 0 : logUniform(rng, 0.01, 2),
    subsample: 0.6 + 0.4 * rng(),
    colsample_bytree: 0.4 + 0.6 * rng(),
    num_round: 1000,
    early_stopping_rounds: 50,
  }),
  fit(data, params, { seed, validation }) {
    const trained = train(data, trainerParams(params, seed, validation !== undefined), { validation });
    return fromBytes(toModelBytes(trained), trained);
  },
  predict: (model, x, nRows) => Float64Array.from(predictProba(model.booster, x, nRows)),
  toJson: (model) => ({ kind: 'xgboost', model: JSON.parse(Buffer.from(model.bytes).toString('utf8')) }),
  fromJson(json) {
    const saved = readSaved(json, 'xgboost');
    if (typeof saved.model !== 'object' || saved.model === null)
      throw new ModelJsonError('a saved xgboost model needs its "model" JSON');
    return fromBytes(new Uint8Array(Buffer.from(JSON.stringify(saved.model), 'utf8')));
  },
  finalParams(params, foldModels) {
    const rounds = foldModels.map((m) => m.bestNtreeLimit);
    const mean = rounds.reduce((a, b) => a + b, 0) / rounds.length;
    return { ...params, num_round: Math.max(1, Math.round(mean)) };
  },
};
