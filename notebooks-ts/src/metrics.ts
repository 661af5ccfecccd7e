/**
 * Binary-classification metrics over labels (0/1) and predicted probabilities. The ranking
 * metrics follow scikit-learn's definitions exactly (ties handled the same way), so figures
 * here and in a Python notebook agree; a fixture computed once with sklearn checks that.
 */

import type { CalibrationBin } from '@telco-churn/core/contracts';

export type Labels = ArrayLike<number>;
export type Scores = ArrayLike<number>;

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface ThresholdMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  specificity: number;
  mcc: number;
}

export interface Evaluation extends ThresholdMetrics {
  auc: number;
  pr_auc: number;
  brier: number;
  log_loss: number;
  threshold: number;
  confusion_matrix: Confusion;
  roc_curve: [number, number][];
  pr_curve: [number, number][];
  calibration: CalibrationBin[];
}

function checkLengths(y: Labels, p: Scores): void {
  if (y.length !== p.length) throw new RangeError(`${y.length} labels but ${p.length} scores`);
  if (y.length === 0) throw new RangeError('no rows to evaluate');
}

/** A row is predicted positive when its probability is at least the threshold. */
export function confusion(y: Labels, p: Scores, threshold: number): Confusion {
  checkLengths(y, p);
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < y.length; i++) {
    const positive = p[i] >= threshold;
    if (y[i] === 1) c[positive ? 'tp' : 'fn']++;
    else c[positive ? 'fp' : 'tn']++;
  }
  return c;
}

/** Undefined ratios (no predicted or no actual positives) are 0, as sklearn's `zero_division=0`. */
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function fromConfusion({ tp, fp, tn, fn }: Confusion): ThresholdMetrics {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const denominator = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  return {
    accuracy: ratio(tp + tn, tp + fp + tn + fn),
    precision,
    recall,
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    specificity: ratio(tn, tn + fp),
    mcc: denominator === 0 ? 0 : (tp * tn - fp * fn) / denominator,
  };
}

/** Row indices by descending score; ties keep row order (the curves group ties anyway). */
function descending(p: Scores): Uint32Array {
  const order = Uint32Array.from({ length: p.length }, (_, i) => i);
  return order.sort((a, b) => p[b] - p[a] || a - b);
}

interface Steps {
  /** Cumulative true and false positives at each distinct score, highest score first. */
  tps: number[];
  fps: number[];
  thresholds: number[];
  positives: number;
  negatives: number;
}

function steps(y: Labels, p: Scores): Steps {
  checkLengths(y, p);
  const order = descending(p);
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (y[i] === 1) tp++;
    else fp++;
    const last = k === order.length - 1 || p[order[k + 1]] !== p[i];
    if (last) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(p[i]);
    }
  }
  return { tps, fps, thresholds, positives: tp, negatives: fp };
}

/** Area under the ROC curve by the trapezoidal rule over distinct scores (= sklearn `roc_auc_score`). */
export function auc(y: Labels, p: Scores): number {
  const s = steps(y, p);
  if (s.positives === 0 || s.negatives === 0) return NaN;
  let area = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let k = 0; k < s.tps.length; k++) {
    area += ((s.fps[k] - prevFp) * (s.tps[k] + prevTp)) / 2;
    prevTp = s.tps[k];
    prevFp = s.fps[k];
  }
  return area / (s.positives * s.negatives);
}

/** Average precision, sum of (R_n - R_{n-1}) P_n (= sklearn `average_precision_score`). */
export function prAuc(y: Labels, p: Scores): number {
  const s = steps(y, p);
  if (s.positives === 0) return NaN;
  let area = 0;
  let prevRecall = 0;
  for (let k = 0; k < s.tps.length; k++) {
    const recall = s.tps[k] / s.positives;
    area += (recall - prevRecall) * (s.tps[k] / (s.tps[k] + s.fps[k]));
    prevRecall = recall;
  }
  return area;
}

export function brier(y: Labels, p: Scores): number {
  checkLengths(y, p);
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (p[i] - y[i]) ** 2;
  return sum / y.length;
}

/** Mean negative log-likelihood, probabilities clipped to [1e-15, 1 - 1e-15] as sklearn does. */
export function logLoss(y: Labels, p: Scores): number {
  checkLengths(y, p);
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i], 1e-15), 1 - 1e-15);
    sum -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return sum / y.length;
}

/** Keeps at most `max` points, always the first and the last, evenly spaced by index. */
export function thin<T>(points: T[], max = 200): T[] {
  if (points.length <= max) return points;
  const out: T[] = [];
  for (let k = 0; k < max; k++) out.push(points[Math.round((k * (points.length - 1)) / (max - 1))]);
  return out;
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** ROC curve points [false positive rate, true positive rate] from (0,0) to (1,1). */
export function rocCurve(y: Labels, p: Scores, max = 200): [number, number][] {
  const s = steps(y, p);
  const points: [number, number][] = [[0, 0]];
  for (let k = 0; k < s.tps.length; k++) {
    points.push([round6(ratio(s.fps[k], s.negatives)), round6(ratio(s.tps[k], s.positives))]);
  }
  return thin(points, max);
}

/** Precision-recall curve points [recall, precision], recall rising from 0. */
export function prCurve(y: Labels, p: Scores, max = 200): [number, number][] {
  const s = steps(y, p);
  const points: [number, number][] = [[0, 1]];
  for (let k = 0; k < s.tps.length; k++) {
    points.push([round6(ratio(s.tps[k], s.positives)), round6(s.tps[k] / (s.tps[k] + s.fps[k]))]);
  }
  return thin(points, max);
}

/** Equal-width probability bins: mean prediction against the observed churn rate in each. */
export function calibrationBins(y: Labels, p: Scores, nBins = 10): CalibrationBin[] {
  checkLengths(y, p);
  const count = new Array<number>(nBins).fill(0);
  const sumP = new Array<number>(nBins).fill(0);
  const sumY = new Array<number>(nBins).fill(0);
  for (let i = 0; i < y.length; i++) {
    const b = Math.min(nBins - 1, Math.max(0, Math.floor(p[i] * nBins)));
    count[b]++;
    sumP[b] += p[i];
    sumY[b] += y[i];
  }
  return count.map((n, b) => ({
    lo: b / nBins,
    hi: (b + 1) / nBins,
    count: n,
    meanPredicted: n === 0 ? 0 : sumP[b] / n,
    fractionPositive: n === 0 ? 0 : sumY[b] / n,
  }));
}

/** Every metric the reports and `metrics.json` show, at one decision threshold. */
export function evaluate(y: Labels, p: Scores, threshold: number): Evaluation {
  const matrix = confusion(y, p, threshold);
  return {
    ...fromConfusion(matrix),
    auc: auc(y, p),
    pr_auc: prAuc(y, p),
    brier: brier(y, p),
    log_loss: logLoss(y, p),
    threshold,
    confusion_matrix: matrix,
    roc_curve: rocCurve(y, p),
    pr_curve: prCurve(y, p),
    calibration: calibrationBins(y, p),
  };
}
