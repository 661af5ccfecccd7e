import { createRng, normal, pick, Rng } from '@telco-churn/core/random';
import { Dataset, subset } from '../dataset';
import { stratifiedFolds, foldRows } from '../cv';
import { ModelKind, Params, logUniform, readSaved, sigmoid } from './types';

export interface SvmParams extends Params {
  /** Box constraint: larger C fits the training rows harder. */
  c: number;
  /** `linear`, or `rbf`: a Gaussian kernel approximated by random Fourier features. */
  kernel: 'linear' | 'rbf';
  gamma: number;
  nFeatures: number;
  epochs: number;
}

export interface SvmModel {
  /** RBF only: z(x) = sqrt(2/D) cos(W x + b), W row-major D x nCols. */
  fourier?: { w: number[]; b: number[] };
  nCols: number;
  weights: number[];
  bias: number;
  /** Platt scaling: p = sigmoid(a * f + b) of the decision value f. */
  platt: { a: number; b: number };
}

function fourierMap(
  x: Float32Array,
  nRows: number,
  nCols: number,
  f: { w: number[]; b: number[] },
): Float32Array {
  const d = f.b.length;
  const out = new Float32Array(nRows * d);
  const scale = Math.sqrt(2 / d);
  for (let i = 0; i < nRows; i++) {
    for (let k = 0; k < d; k++) {
      let s = f.b[k];
      for (let j = 0; j < nCols; j++) s += f.w[k * nCols + j] * x[i * nCols + j];
      out[i * d + k] = scale * Math.cos(s);
    }
  }
  return out;
}

/**
 * L1-loss linear SVM by dual coordinate descent (Hsieh et al., ICML 2008), the LIBLINEAR
 * solver; a row weight scales its box constraint. The bias is an extra constant column.
 */
function fitLinear(
  x: Float32Array,
  y: Float32Array,
  weight: Float32Array | undefined,
  nCols: number,
  c: number,
  epochs: number,
  rng: Rng,
): { w: Float64Array; b: number } {
  const n = y.length;
  const w = new Float64Array(nCols + 1);
  const alpha = new Float64Array(n);
  const qii = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 1;
    for (let j = 0; j < nCols; j++) s += x[i * nCols + j] ** 2;
    qii[i] = s;
  }
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    let maxChange = 0;
    for (const i of order) {
      const yi = y[i] === 1 ? 1 : -1;
      const upper = c * (weight ? weight[i] : 1);
      let dot = w[nCols];
      for (let j = 0; j < nCols; j++) dot += w[j] * x[i * nCols + j];
      const g = yi * dot - 1;
      const next = Math.min(Math.max(alpha[i] - g / qii[i], 0), upper);
      const delta = (next - alpha[i]) * yi;
      if (delta !== 0) {
        alpha[i] = next;
        for (let j = 0; j < nCols; j++) w[j] += delta * x[i * nCols + j];
        w[nCols] += delta;
        maxChange = Math.max(maxChange, Math.abs(delta));
      }
    }
    if (maxChange < 1e-4) break;
  }
  return { w: w.subarray(0, nCols), b: w[nCols] };
}

const decision = (
  w: ArrayLike<number>,
  b: number,
  x: Float32Array,
  nRows: number,
  nCols: number,
): Float64Array => {
  const out = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    let s = b;
    for (let j = 0; j < nCols; j++) s += w[j] * x[i * nCols + j];
    out[i] = s;
  }
  return out;
};

/** Platt (1999) with Lin et al.'s target smoothing, fitted by Newton's method on two parameters. */
export function fitPlatt(f: Float64Array, y: Float32Array): { a: number; b: number } {
  let positives = 0;
  for (const v of y) positives += v === 1 ? 1 : 0;
  const negatives = y.length - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  let a = 0;
  let b = Math.log((negatives + 1) / (positives + 1));
  for (let iter = 0; iter < 100; iter++) {
    let g1 = 0;
    let g2 = 0;
    let h11 = 1e-12;
    let h22 = 1e-12;
    let h21 = 0;
    for (let i = 0; i < f.length; i++) {
      const t = y[i] === 1 ? hi : lo;
      // p = P(churn) = 1 / (1 + exp(a f + b)), Platt's sign convention.
      const p = sigmoid(-(a * f[i] + b));
      const d = p * (1 - p);
      g1 += f[i] * (t - p);
      g2 += t - p;
      h11 += f[i] * f[i] * d;
      h22 += d;
      h21 += f[i] * d;
    }
    const det = h11 * h22 - h21 * h21;
    const da = -(h22 * g1 - h21 * g2) / det;
    const db = -(-h21 * g1 + h11 * g2) / det;
    a += da;
    b += db;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
  }
  // Stored so that p = sigmoid(a * f + b).
  return { a: -a, b: -b };
}

function fitSvm(data: Dataset, params: SvmParams, seed: number): SvmModel {
  const rng = createRng(seed);
  let fourier: SvmModel['fourier'];
  let x = data.x;
  let nCols = data.nCols;
  if (params.kernel === 'rbf') {
    const d = params.nFeatures;
    const sd = Math.sqrt(2 * params.gamma);
    fourier = {
      w: Array.from({ length: d * data.nCols }, () => Math.fround(normal(rng, 0, sd))),
      b: Array.from({ length: d }, () => Math.fround(rng() * 2 * Math.PI)),
    };
    x = fourierMap(data.x, data.nRows, data.nCols, fourier);
    nCols = d;
  }
  const mapped: Dataset = { ...data, x, nCols };
  // Platt's sigmoid needs decision values the SVM did not train on: 3 internal folds, as sklearn's SVC.
  const folds = stratifiedFolds(data.y, 3, seed);
  const heldValues = new Float64Array(data.nRows);
  for (let f = 0; f < 3; f++) {
    const { fit, held } = foldRows(folds, f);
    const part = subset(mapped, fit);
    const inner = fitLinear(part.x, part.y, part.weight, nCols, params.c, params.epochs, rng);
    const heldPart = subset(mapped, held);
    const values = decision(inner.w, inner.b, heldPart.x, held.length, nCols);
    held.forEach((row, k) => (heldValues[row] = values[k]));
  }
  const full = fitLinear(x, data.y, data.weight, nCols, params.c, params.epochs, rng);
  return {
    fourier,
    nCols: data.nCols,
    weights: Array.from(full.w),
    bias: full.b,
    platt: fitPlatt(heldValues, data.y),
  };
}

function predictSvm(model: SvmModel, x: Float32Array, nRows: number): Float64Array {
  const mapped = model.fourier ? fourierMap(x, nRows, model.nCols, model.fourier) : x;
  const f = decision(model.weights, model.bias, mapped, nRows, model.weights.length);
  return f.map((v) => sigmoid(model.platt.a * v + model.platt.b));
}

export const svm: ModelKind<SvmParams, SvmModel> = {
  name: 'svm',
  label: 'Support vector machine',
  defaults: { c: 0.1, kernel: 'linear', gamma: 0.02, nFeatures: 300, epochs: 50 },
  sample: (rng) => ({
    c: logUniform(rng, 1e-3, 3),
    kernel: pick(rng, ['linear', 'rbf'] as const),
    gamma: logUniform(rng, 3e-3, 0.1),
    nFeatures: 300,
    epochs: 50,
  }),
  fit: (data, params, { seed }) => fitSvm(data, params, seed),
  predict: predictSvm,
  toJson: (m) => ({ kind: 'svm', ...m }),
  fromJson(json) {
    const s = readSaved(json, 'svm');
    return {
      fourier: s.fourier as SvmModel['fourier'],
      nCols: Number(s.nCols),
      weights: s.weights as number[],
      bias: Number(s.bias),
      platt: s.platt as SvmModel['platt'],
    };
  },
};
