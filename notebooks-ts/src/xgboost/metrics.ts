/**
 * The two validation metrics XGBoost 1.7 offers for early stopping here, computed as it does:
 * per-row terms in float32, sums in float64.
 */
import { EvalMetric } from './params';

const EPS = Math.fround(1e-16);

/** XGBoost's EvalRowLogLoss averaged with row weights. */
export function logloss(prob: Float32Array, y: Float32Array, weight?: Float32Array): number {
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < prob.length; i++) {
    const p = prob[i];
    const label = y[i];
    const pneg = Math.fround(1 - p);
    let term: number;
    if (p < EPS) term = -label * Math.log(EPS) - (1 - label) * Math.log(Math.fround(1 - EPS));
    else if (pneg < EPS) term = -label * Math.log(Math.fround(1 - EPS)) - (1 - label) * Math.log(EPS);
    else term = -label * Math.log(p) - (1 - label) * Math.log(pneg);
    const w = weight ? weight[i] : 1;
    sum += Math.fround(term) * w;
    wsum += w;
  }
  return sum / wsum;
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
