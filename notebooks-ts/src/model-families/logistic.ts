import { pick } from '@telco-churn/core/random';
import { Dataset } from '../dataset';
import { ModelKind, Params, logUniform, readSaved, sigmoid } from './types';

export interface LogisticParams extends Params {
  penalty: 'l1' | 'l2';
  /** Regularisation strength per row (the penalty is lambda * n * |w|, as sklearn's 1/C). */
  lambda: number;
  maxIter: number;
}

export interface LogisticModel {
  weights: number[];
  bias: number;
}

/**
 * The largest eigenvalue of X'WX / (4 sum w) with a bias column, by power iteration: the
 * Lipschitz constant of the mean log-loss gradient. Padded by 5% since 30 steps approach it
 * from below.
 */
function lipschitz(data: Dataset, weight: Float32Array, totalWeight: number): number {
  const { x, nRows, nCols } = data;
  let v = new Float64Array(nCols + 1).fill(1);
  let lambda = 1;
  for (let iter = 0; iter < 30; iter++) {
    const next = new Float64Array(nCols + 1);
    for (let i = 0; i < nRows; i++) {
      let d = v[nCols];
      for (let j = 0; j < nCols; j++) d += v[j] * x[i * nCols + j];
      d *= weight[i];
      for (let j = 0; j < nCols; j++) next[j] += d * x[i * nCols + j];
      next[nCols] += d;
    }
    let norm = 0;
    for (const u of next) norm += u * u;
    norm = Math.sqrt(norm);
    if (norm === 0) break;
    lambda = norm;
    v = next.map((u) => u / norm);
  }
  return (1.05 * lambda) / (4 * totalWeight);
}

/**
 * Logistic regression fitted by FISTA (accelerated proximal gradient) on the mean weighted
 * log-loss: the L1 proximal step is soft-thresholding, L2 is folded into the gradient. The
 * bias is never penalised. A fixed step 1/L (L from `lipschitz`, plus lambda for L2) converges
 * without a line search.
 */
export function fitLogistic(data: Dataset, params: LogisticParams): LogisticModel {
  const { x, y, nRows, nCols } = data;
  const weight = data.weight ?? new Float32Array(nRows).fill(1);
  let totalWeight = 0;
  for (let i = 0; i < nRows; i++) totalWeight += weight[i];
  const step = 1 / (lipschitz(data, weight, totalWeight) + (params.penalty === 'l2' ? params.lambda : 0));
  let w = new Float64Array(nCols + 1);
  const z = new Float64Array(nCols + 1);
  const grad = new Float64Array(nCols + 1);
  let t = 1;
  for (let iter = 0; iter < params.maxIter; iter++) {
    grad.fill(0);
    for (let i = 0; i < nRows; i++) {
      let m = z[nCols];
      for (let j = 0; j < nCols; j++) m += z[j] * x[i * nCols + j];
      const r = (weight[i] * (sigmoid(m) - y[i])) / totalWeight;
      for (let j = 0; j < nCols; j++) grad[j] += r * x[i * nCols + j];
      grad[nCols] += r;
    }
    const next = new Float64Array(nCols + 1);
    let change = 0;
    for (let j = 0; j <= nCols; j++) {
      let g = grad[j];
      if (params.penalty === 'l2' && j < nCols) g += params.lambda * z[j];
      let v = z[j] - step * g;
      if (params.penalty === 'l1' && j < nCols) {
        const s = step * params.lambda;
        v = v > s ? v - s : v < -s ? v + s : 0;
      }
      next[j] = v;
      change = Math.max(change, Math.abs(v - w[j]));
    }
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    for (let j = 0; j <= nCols; j++) z[j] = next[j] + ((t - 1) / tNext) * (next[j] - w[j]);
    w = next;
    t = tNext;
    if (change < 1e-6) break;
  }
  return { weights: Array.from(w.subarray(0, nCols)), bias: w[nCols] };
}

export function predictLogistic(model: LogisticModel, x: Float32Array, nRows: number): Float64Array {
  const nCols = model.weights.length;
  const out = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    let m = model.bias;
    for (let j = 0; j < nCols; j++) m += model.weights[j] * x[i * nCols + j];
    out[i] = sigmoid(m);
  }
  return out;
}

export const logisticRegression: ModelKind<LogisticParams, LogisticModel> = {
  name: 'logistic_regression',
  label: 'Logistic regression',
  defaults: { penalty: 'l2', lambda: 1e-3, maxIter: 500 },
  sample: (rng) => ({
    penalty: pick(rng, ['l1', 'l2'] as const),
    lambda: logUniform(rng, 1e-5, 3e-2),
    maxIter: 500,
  }),
  fit: (data, params) => fitLogistic(data, params),
  predict: predictLogistic,
  toJson: (model) => ({ kind: 'logistic_regression', ...model }),
  fromJson(json) {
    const saved = readSaved(json, 'logistic_regression');
    return { weights: (saved.weights as number[]).map(Number), bias: Number(saved.bias) };
  },
};
