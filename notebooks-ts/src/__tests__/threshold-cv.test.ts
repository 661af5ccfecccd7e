import { foldRows, stratifiedFolds, stratifiedSplit } from '../cv';
import { chooseThreshold } from '../threshold';

describe('chooseThreshold', () => {
  const y = [1, 1, 0, 1, 0, 0, 0, 0];
  const p = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];

  it('picks the cut with the highest F1, halfway to the next lower score', () => {
    // Cut at 0.6: tp 3, fp 1, fn 0 -> F1 6/7, better than any other cut.
    const choice = chooseThreshold(y, p);
    expect(choice.value).toBeCloseTo(6 / 7, 12);
    expect(choice.threshold).toBeCloseTo(0.55, 12);
    expect(choice.rule).toBe('max F1 on out-of-fold predictions');
  });

  it('moves the cut down when a missed churner costs much more than a false alarm', () => {
    const labels = [1, 0, 0, 0, 1];
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5];
    const cheap = chooseThreshold(labels, scores, { kind: 'cost', costFn: 1, costFp: 1 });
    const dear = chooseThreshold(labels, scores, { kind: 'cost', costFn: 10, costFp: 1 });
    // Equal costs: flag only the 0.9 (one missed churner); 10:1 flags everyone (three false alarms).
    expect(cheap.threshold).toBeCloseTo(0.85, 12);
    expect(dear.threshold).toBe(0.5);
    expect(dear.value).toBeCloseTo(3 / 5, 12);
  });

  it('never splits tied scores', () => {
    const choice = chooseThreshold([1, 0, 1, 0], [0.7, 0.7, 0.7, 0.1]);
    expect(choice.threshold).toBeCloseTo(0.4, 12);
  });

  it('refuses negative costs', () => {
    expect(() => chooseThreshold(y, p, { kind: 'cost', costFn: -1, costFp: 1 })).toThrow(/non-negative/);
  });
});

describe('stratified folds and split', () => {
  const y = Array.from({ length: 1003 }, (_, i) => (i % 4 === 1 ? 1 : 0));

  it('gives every fold the same share of churners, within one row', () => {
    const folds = stratifiedFolds(y, 5, 42);
    for (let f = 0; f < 5; f++) {
      const { held } = foldRows(folds, f);
      const positives = held.filter((i) => y[i] === 1).length;
      expect(Math.abs(positives - 251 / 5)).toBeLessThanOrEqual(1);
      expect(Math.abs(held.length - 1003 / 5)).toBeLessThanOrEqual(2);
    }
  });

  it('is the same for the same seed and different for another', () => {
    expect(stratifiedFolds(y, 5, 1)).toEqual(stratifiedFolds(y, 5, 1));
    expect(stratifiedFolds(y, 5, 1)).not.toEqual(stratifiedFolds(y, 5, 2));
  });

  it('splits off 20% of each class, every row exactly once', () => {
    const { train, test } = stratifiedSplit(y, 0.2, 3);
    expect(train.length + test.length).toBe(y.length);
    expect(new Set([...train, ...test]).size).toBe(y.length);
    expect(test.filter((i) => y[i] === 1).length).toBe(Math.round(251 * 0.2));
  });

  it('refuses a class too small for k folds', () => {
    expect(() => stratifiedFolds([1, 0, 0, 0, 0, 0], 5, 1)).toThrow(/at least 5 rows of each class/);
  });
});
