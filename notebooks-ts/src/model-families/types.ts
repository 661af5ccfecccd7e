import { Rng } from '@telco-churn/core/random';
import { Dataset } from '../dataset';

export type ModelName = 'xgboost' | 'logistic_regression' | 'knn' | 'random_forest' | 'svm';

/** A hyper-parameter value as searched and reported. */
export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

/**
 * One model family: pure functions over typed arrays. `fit` honours `data.weight` where the
 * family can; `predict` returns churn probabilities; `toJson`/`fromJson` round-trip a fitted model.
 */
export interface ModelKind<P extends Params = Params, M = unknown> {
  readonly name: ModelName;
  readonly label: string;
  readonly defaults: P;
  /** A random point of the search space. */
  sample(rng: Rng): P;
  fit(data: Dataset, params: P, options: FitOptions): M;
  predict(model: M, x: Float32Array, nRows: number): Float64Array;
  toJson(model: M): unknown;
  fromJson(json: unknown): M;
  /** The parameters of the final fit on all training rows, from the fold models of the chosen setting. */
  finalParams?(params: P, foldModels: M[]): P;
}

export interface FitOptions {
  seed: number;
  /** Held-out rows a model may watch to stop early (the CV fold it is scored on, as xgb.cv does). */
  validation?: Dataset;
}

export class ModelJsonError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelJsonError';
  }
}

/** Checks the `kind` tag of a saved model and returns it as an object. */
export function readSaved(json: unknown, kind: ModelName): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || (json as { kind?: unknown }).kind !== kind) {
    throw new ModelJsonError(`not a saved ${kind} model (its "kind" is not "${kind}")`);
  }
  return json as Record<string, unknown>;
}

export const sigmoid = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));

/** A log-uniform draw in [lo, hi]. */
export const logUniform = (rng: Rng, lo: number, hi: number): number =>
  Math.exp(Math.log(lo) + rng() * (Math.log(hi) - Math.log(lo)));
