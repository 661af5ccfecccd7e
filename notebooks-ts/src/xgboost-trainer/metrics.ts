/**
 * The two validation metrics XGBoost 1.7 offers for early stopping here, computed as it does:
 * per-row terms in float32, sums in float64.
 */
import { logf32 } from './logf32';
import { EvalMetric } from './params';

const fround = Math.fround;
const EPS = fround(1e-16);
const ONE_MINUS_EPS = fround(1 - EPS);

/** XGBoost's EvalRowLogLoss (float32 terms, logf) averaged with row weights in float64. */
export function logloss(prob: Float32Array, y: Float32Array, weight?: Float32Array): number {
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < prob.length; i++) {
    const p = prob[i];
    const label = y[i];
    const pneg = fround(1 - p);
    let term: number;
    if (p < EPS) term = rowLoss(label, EPS, ONE_MINUS_EPS);
    else if (pneg < EPS) term = rowLoss(label, ONE_MINUS_EPS, EPS);
    else term = rowLoss(label, p, pneg);
    const w = weight ? weight[i] : 1;
    sum += fround(term * w);
    wsum += w;
  }
  return sum / wsum;
}

/** -y log(p) - (1 - y) log(1 - p), every step in float32 (with glibc's logf) as the C++ does. */
function rowLoss(label: number, p: number, pneg: number): number {
  const a = fround(-label * logf32(p));
  const b = fround(fround(1 - label) * logf32(pneg));
  return fround(a - b);
}

/**
 * Area under the ROC curve, ties counted as half (trapezoids between distinct scores);
 * labels >= 0.5 count as positive. NaN when one class is absent (XGBoost reports it then too).
 */
export function auc(score: Float32Array, y: Float32Array, weight?: Float32Array): number {
  const n = score.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => score[b] - score[a] || a - b);
  let tp = 0;
  let fp = 0;
  let area = 0;
  let i = 0;
  while (i < n) {
    const s = score[order[i]];
    let dTp = 0;
    let dFp = 0;
    for (; i < n && score[order[i]] === s; i++) {
      const w = weight ? weight[order[i]] : 1;
      if (y[order[i]] >= 0.5) dTp += w;
      else dFp += w;
    }
    area += dFp * (tp + dTp / 2);
    tp += dTp;
    fp += dFp;
  }
  return tp === 0 || fp === 0 ? NaN : area / (tp * fp);
}

export function evaluate(
  metric: EvalMetric,
  prob: Float32Array,
  y: Float32Array,
  weight?: Float32Array,
): number {
  return metric === 'auc' ? auc(prob, y, weight) : logloss(prob, y, weight);
}

/** Whether `score` beats `best` for the metric: AUC is maximised, logloss minimised (strictly, as XGBoost's EarlyStopping). */
export function improves(metric: EvalMetric, score: number, best: number): boolean {
  return metric === 'auc' ? score > best : score < best;
}
