import { pick, randomInt } from '@telco-churn/core/random';
import { ModelKind, Params, readSaved } from './types';

export interface KnnParams extends Params {
  k: number;
  weighting: 'uniform' | 'distance';
}

/** k-NN keeps its training rows; a prediction is the (weighted) share of churners among the k nearest. */
export interface KnnModel {
  k: number;
  weighting: 'uniform' | 'distance';
  nCols: number;
  x: Float32Array;
  y: Float32Array;
  weight: Float32Array;
}

/** Euclidean distance on the encoded (scaled) features; ties go to the earlier training row. */
export function predictKnn(model: KnnModel, x: Float32Array, nRows: number): Float64Array {
  const { k, nCols } = model;
  const nTrain = model.y.length;
  const out = new Float64Array(nRows);
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  for (let q = 0; q < nRows; q++) {
    let found = 0;
    const qo = q * nCols;
    for (let i = 0; i < nTrain; i++) {
      const io = i * nCols;
      let d = 0;
      for (let j = 0; j < nCols; j++) {
        const diff = x[qo + j] - model.x[io + j];
        d += diff * diff;
      }
      if (found === k && d >= bestD[k - 1]) continue;
      // Insertion into the sorted list of the k best so far.
      let at = found < k ? found++ : k - 1;
      while (at > 0 && bestD[at - 1] > d) {
        bestD[at] = bestD[at - 1];
        bestI[at] = bestI[at - 1];
        at--;
      }
      bestD[at] = d;
      bestI[at] = i;
    }
    let positive = 0;
    let total = 0;
    for (let n = 0; n < found; n++) {
      const w =
        model.weight[bestI[n]] * (model.weighting === 'distance' ? 1 / (Math.sqrt(bestD[n]) + 1e-6) : 1);
      total += w;
      if (model.y[bestI[n]] === 1) positive += w;
    }
    out[q] = total === 0 ? 0 : positive / total;
  }
  return out;
}

export const knn: ModelKind<KnnParams, KnnModel> = {
  name: 'knn',
  label: 'k-nearest neighbours',
  defaults: { k: 25, weighting: 'uniform' },
  sample: (rng) => ({ k: randomInt(rng, 5, 100), weighting: pick(rng, ['uniform', 'distance'] as const) }),
  fit: (data, params) => ({
    k: Math.min(params.k, data.nRows),
    weighting: params.weighting,
    nCols: data.nCols,
    x: data.x,
    y: data.y,
    weight: data.weight ?? new Float32Array(data.nRows).fill(1),
  }),
  predict: predictKnn,
  toJson: (m) => ({
    kind: 'knn',
    k: m.k,
    weighting: m.weighting,
    nCols: m.nCols,
    x: Array.from(m.x),
    y: Array.from(m.y),
    weight: Array.from(m.weight),
  }),
  fromJson(json) {
    const s = readSaved(json, 'knn');
    return {
      k: Number(s.k),
      weighting: s.weighting === 'distance' ? 'distance' : 'uniform',
      nCols: Number(s.nCols),
      x: Float32Array.from(s.x as number[]),
      y: Float32Array.from(s.y as number[]),
      weight: Float32Array.from(s.weight as number[]),
    };
  },
};
