import type { Dataset } from './xgboost-trainer';

/**
 * Encoded rows as every model sees them: the trainer's `Dataset` (row-major float32 features, the
 * runtime's layout; float32 labels 0/1; optional row weights), so one value feeds all five models.
 */
export type { Dataset };

/** The given rows, copied, in the given order. */
export function subset(data: Dataset, rows: ArrayLike<number>): Dataset {
  const { nCols } = data;
  const x = new Float32Array(rows.length * nCols);
  const y = new Float32Array(rows.length);
  const weight = data.weight ? new Float32Array(rows.length) : undefined;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    x.set(data.x.subarray(i * nCols, (i + 1) * nCols), k * nCols);
    y[k] = data.y[i];
    if (weight && data.weight) weight[k] = data.weight[i];
  }
  return { x, nRows: rows.length, nCols, y, weight };
}

export function countPositives(y: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < y.length; i++) n += y[i] === 1 ? 1 : 0;
  return n;
}

/** Weights that give both classes the same total (positives weigh negatives/positives). */
export function balancedWeights(y: Float32Array): Float32Array {
  const positives = countPositives(y);
  const up = positives === 0 ? 1 : (y.length - positives) / positives;
  return y.map((v) => (v === 1 ? up : 1));
}
