import { Labels, Scores } from './metrics';

/** How the decision threshold is chosen on out-of-fold predictions. */
export type ThresholdRule = { kind: 'max-f1' } | { kind: 'cost'; costFn: number; costFp: number };

export interface ThresholdChoice {
  threshold: number;
  /** F1 for `max-f1`; the mean cost per row for `cost`. */
  value: number;
  rule: string;
}

export function describeRule(rule: ThresholdRule): string {
  return rule.kind === 'max-f1'
    ? 'max F1 on out-of-fold predictions'
    : `min cost on out-of-fold predictions (missed churner ${rule.costFn}, false alarm ${rule.costFp})`;
}

/**
 * Sweeps every distinct score as a cut (predict churn when p >= cut) and keeps the best.
 * The returned threshold sits halfway between the winning score and the next lower one, so
 * new rows scoring just below a training score are not flipped by float noise.
 */
export function chooseThreshold(
  y: Labels,
  p: Scores,
  rule: ThresholdRule = { kind: 'max-f1' },
): ThresholdChoice {
  if (y.length !== p.length || y.length === 0)
    throw new RangeError('chooseThreshold needs as many labels as scores, and some');
  if (rule.kind === 'cost' && !(rule.costFn >= 0 && rule.costFp >= 0 && rule.costFn + rule.costFp > 0)) {
    throw new RangeError('costs must be non-negative numbers and not both 0');
  }
  const order = Uint32Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[b] - p[a]);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i] === 1 ? 1 : 0;
  const score = (tp: number, fp: number): number => {
    const fn = positives - tp;
    if (rule.kind === 'max-f1') return 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    return -(rule.costFn * fn + rule.costFp * fp) / y.length;
  };
  // Cut above every score: nothing predicted positive.
  let best = score(0, 0);
  let bestAt = -1;
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    if (y[order[k]] === 1) tp++;
    else fp++;
    const tieContinues = k + 1 < order.length && p[order[k + 1]] === p[order[k]];
    if (tieContinues) continue;
    const s = score(tp, fp);
    if (s > best) {
      best = s;
      bestAt = k;
    }
  }
  let threshold: number;
  if (bestAt < 0) threshold = Math.min(1, p[order[0]] + 1e-6);
  else if (bestAt === order.length - 1) threshold = p[order[bestAt]];
  else threshold = (p[order[bestAt]] + p[order[bestAt + 1]]) / 2;
  return { threshold, value: rule.kind === 'max-f1' ? best : -best, rule: describeRule(rule) };
}
