/**
 * Drift and realised-performance statistics over plain arrays. Labels are 0/1, scores are
 * probabilities. Each function is O(n) or one native typed-array sort, so a monitoring window of
 * a million predictions costs well under a second here.
 */

/** Shares below this count as this, so an empty bin adds a large but finite term (the usual 1e-4 floor). */
export const PSI_FLOOR = 1e-4;

/**
 * Population stability index of `current` against `reference` (both shares per bin, same bins):
 * sum of (cur - ref) * ln(cur / ref). 0 = same distribution; 0.1-0.2 moderate, >= 0.2 a shift.
 */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  if (reference.length !== current.length)
    throw new RangeError(`psi: ${reference.length} reference bins but ${current.length} current bins`);
  let total = 0;
  for (let i = 0; i < reference.length; i++) {
    const ref = Math.max(reference[i], PSI_FLOOR);
    const cur = Math.max(current[i], PSI_FLOOR);
    total += (cur - ref) * Math.log(cur / ref);
  }
  return total;
}

/** Counts → shares; all zeros when there is nothing to count. */
export function shares(counts: ArrayLike<number>): number[] {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  return Array.from(counts, (c) => (total > 0 ? c / total : 0));
}

function checkLengths(y: ArrayLike<number>, p: ArrayLike<number>): void {
  if (y.length !== p.length) throw new RangeError(`${y.length} labels but ${p.length} scores`);
}

/**
 * ROC AUC as the Mann-Whitney statistic: the chance a random churner scores above a random
 * non-churner, ties counting one half (equal to sklearn's trapezoidal `roc_auc_score`). Positives
 * and negatives are sorted apart with the native typed-array sort, then merged. Null when either
 * class is missing, since the AUC is then undefined.
 */
export function rocAuc(y: ArrayLike<number>, p: ArrayLike<number>): number | null {
  checkLengths(y, p);
  let nPos = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) nPos++;
  const nNeg = y.length - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  for (let i = 0, a = 0, b = 0; i < y.length; i++) {
    if (y[i] === 1) pos[a++] = p[i];
    else neg[b++] = p[i];
  }
  pos.sort();
  neg.sort();
  // For each positive: negatives strictly below it count 1, equal ones 1/2.
  let below = 0;
  let equalEnd = 0;
  let wins = 0;
  for (let i = 0; i < nPos; i++) {
    const s = pos[i];
    while (below < nNeg && neg[below] < s) below++;
    if (equalEnd < below) equalEnd = below;
    while (equalEnd < nNeg && neg[equalEnd] === s) equalEnd++;
    wins += below + (equalEnd - below) / 2;
  }
  return wins / (nPos * nNeg);
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** The confusion matrix with a per-row threshold (each logged prediction keeps its own). */
export function confusionAt(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  threshold: number | ArrayLike<number>,
): Confusion {
  checkLengths(y, p);
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < y.length; i++) {
    const t = typeof threshold === 'number' ? threshold : threshold[i];
    const predicted = p[i] >= t;
    if (y[i] === 1) {
      if (predicted) c.tp++;
      else c.fn++;
    } else if (predicted) c.fp++;
    else c.tn++;
  }
  return c;
}

/** F1 = 2tp / (2tp + fp + fn); 0 (not NaN) when there is no positive on either side. */
export function f1Score({ tp, fp, fn }: Confusion): number {
  const denominator = 2 * tp + fp + fn;
  return denominator === 0 ? 0 : (2 * tp) / denominator;
}

/** Mean squared difference between probability and outcome (sklearn `brier_score_loss`). */
export function brierScore(y: ArrayLike<number>, p: ArrayLike<number>): number {
  checkLengths(y, p);
  if (y.length === 0) return NaN;
  let total = 0;
  for (let i = 0; i < y.length; i++) total += (p[i] - y[i]) ** 2;
  return total / y.length;
}

export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  mean_predicted: number;
  fraction_positive: number;
}

/**
 * The bin of `p` among `nBins` equal-width bins as scikit-learn's `calibration_curve` (1.2, the
 * reference installed here) finds it: numpy's edges k * (1 / nBins) (so the third is
 * 0.30000000000000004) searched with `np.searchsorted` (side "left"), so a probability equal to an
 * edge belongs to the bin below it.
 */
function uniformBin(p: number, nBins: number): number {
  const step = 1 / nBins;
  let b = Math.min(nBins - 1, Math.max(0, Math.floor(p * nBins)));
  while (b > 0 && p <= b * step) b--;
  while (b < nBins - 1 && p > (b + 1) * step) b++;
  return b;
}

/**
 * Reliability bins of equal width on [0, 1] (as sklearn's `calibration_curve(strategy="uniform")`) and the expected calibration error: the bins' mean
 * |mean predicted - fraction positive|, weighted by their share of rows. Empty bins are left out.
 */
export function calibration(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  nBins = 10,
): { ece: number; bins: CalibrationBin[] } {
  checkLengths(y, p);
  const count = new Float64Array(nBins);
  const sumP = new Float64Array(nBins);
  const sumY = new Float64Array(nBins);
  for (let i = 0; i < y.length; i++) {
    const b = uniformBin(p[i], nBins);
    count[b]++;
    sumP[b] += p[i];
    sumY[b] += y[i];
  }
  const bins: CalibrationBin[] = [];
  let ece = 0;
  for (let b = 0; b < nBins; b++) {
    if (count[b] === 0) continue;
    const meanPredicted = sumP[b] / count[b];
    const fractionPositive = sumY[b] / count[b];
    ece += (count[b] / y.length) * Math.abs(meanPredicted - fractionPositive);
    bins.push({
      lo: b / nBins,
      hi: (b + 1) / nBins,
      count: count[b],
      mean_predicted: meanPredicted,
      fraction_positive: fractionPositive,
    });
  }
  return { ece: y.length === 0 ? NaN : ece, bins };
}
