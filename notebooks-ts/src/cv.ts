import { createRng, shuffleInPlace } from '@telco-churn/core/random';
import { Labels } from './metrics';

function classIndices(y: Labels): [number[], number[]] {
  const negatives: number[] = [];
  const positives: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? positives : negatives).push(i);
  return [negatives, positives];
}

/**
 * Stratified k-fold: each class is shuffled with the seed and dealt round-robin, so every
 * fold holds the same share of churners (±1 row). Returns each row's fold number.
 */
export function stratifiedFolds(y: Labels, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k-fold needs k >= 2, got ${k}`);
  const [negatives, positives] = classIndices(y);
  if (positives.length < k || negatives.length < k) {
    throw new RangeError(
      `${k}-fold CV needs at least ${k} rows of each class (${positives.length} churners, ${negatives.length} others)`,
    );
  }
  const rng = createRng(seed);
  const fold = new Int32Array(y.length);
  let next = 0;
  for (const rows of [shuffleInPlace(rng, positives), shuffleInPlace(rng, negatives)]) {
    for (const row of rows) fold[row] = next++ % k;
  }
  return fold;
}

/** A seeded stratified hold-out split: `testFraction` of each class goes to the test rows. */
export function stratifiedSplit(
  y: Labels,
  testFraction: number,
  seed: number,
): { train: number[]; test: number[] } {
  if (!(testFraction > 0 && testFraction < 1))
    throw new RangeError(`test fraction must be in (0, 1), got ${testFraction}`);
  const rng = createRng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const rows of classIndices(y)) {
    shuffleInPlace(rng, rows);
    const nTest = Math.round(rows.length * testFraction);
    rows.forEach((row, i) => (i < nTest ? test : train).push(row));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/** Row indices of fold `f` (held out) and of the other folds (to fit on). */
export function foldRows(fold: Int32Array, f: number): { fit: number[]; held: number[] } {
  const fit: number[] = [];
  const held: number[] = [];
  for (let i = 0; i < fold.length; i++) (fold[i] === f ? held : fit).push(i);
  return { fit, held };
}
