import {
  auc,
  brier,
  calibrationBins,
  confusion,
  evaluate,
  fromConfusion,
  logLoss,
  prAuc,
  prCurve,
  rocCurve,
  thin,
} from '../metrics';
import sklearn from './fixtures/sklearn-metrics.json';

describe('threshold metrics', () => {
  // 3 churners, 5 others; scores chosen so the counts are easy to check by hand.
  const y = [1, 1, 1, 0, 0, 0, 0, 0];
  const p = [0.9, 0.6, 0.3, 0.7, 0.2, 0.1, 0.4, 0.05];

  it('counts a probability equal to the threshold as churn', () => {
    expect(confusion(y, p, 0.6)).toEqual({ tp: 2, fp: 1, tn: 4, fn: 1 });
  });

  it('derives accuracy, precision, recall, F1, specificity and MCC from the confusion matrix', () => {
    const m = fromConfusion({ tp: 2, fp: 1, tn: 4, fn: 1 });
    expect(m.accuracy).toBeCloseTo(6 / 8, 12);
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.f1).toBeCloseTo(2 / 3, 12);
    expect(m.specificity).toBeCloseTo(4 / 5, 12);
    expect(m.mcc).toBeCloseTo((2 * 4 - 1 * 1) / Math.sqrt(3 * 3 * 5 * 5), 12);
  });

  it('reports 0, not NaN, when nothing is predicted positive', () => {
    const m = fromConfusion({ tp: 0, fp: 0, tn: 5, fn: 3 });
    expect(m.precision).toBe(0);
    expect(m.f1).toBe(0);
    expect(m.mcc).toBe(0);
  });

  it('computes AUC as the share of correctly ordered churner/other pairs', () => {
    // Pairs (churner above other): 0.9 beats all 5, 0.6 beats 4, 0.3 beats 3 -> 12 of 15.
    expect(auc(y, p)).toBeCloseTo(12 / 15, 12);
  });

  it('counts a tie between a churner and another customer as half a pair', () => {
    expect(auc([1, 0], [0.5, 0.5])).toBe(0.5);
  });

  it('computes average precision by hand on a small ranking', () => {
    // Ranked: 1 (P=1), 0, 1 (P=2/3), 0, 1 (P=3/5) -> AP = (1 + 2/3 + 3/5) / 3.
    expect(prAuc([1, 0, 1, 0, 1], [0.9, 0.8, 0.7, 0.6, 0.5])).toBeCloseTo((1 + 2 / 3 + 3 / 5) / 3, 12);
  });

  it('computes Brier score and log-loss', () => {
    expect(brier([1, 0], [0.8, 0.4])).toBeCloseTo((0.04 + 0.16) / 2, 12);
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
  });
});

describe('agreement with scikit-learn (fixture computed once by make-sklearn-metrics.py)', () => {
  const e = evaluate(sklearn.y, sklearn.p, sklearn.threshold);

  it.each([
    'accuracy',
    'precision',
    'recall',
    'f1',
    'specificity',
    'mcc',
    'auc',
    'pr_auc',
    'brier',
    'log_loss',
  ] as const)('matches sklearn on %s, with tied scores', (name) => {
    expect(e[name]).toBeCloseTo(sklearn[name], 10);
  });

  it('matches the confusion matrix and every ROC point', () => {
    expect(e.confusion_matrix).toEqual(sklearn.confusion_matrix);
    const roc = rocCurve(sklearn.y, sklearn.p);
    expect(roc).toHaveLength(sklearn.roc_curve.length);
    roc.forEach(([fpr, tpr], i) => {
      expect(fpr).toBeCloseTo(sklearn.roc_curve[i][0], 6);
      expect(tpr).toBeCloseTo(sklearn.roc_curve[i][1], 6);
    });
  });
});

describe('curves and calibration', () => {
  const n = 5000;
  const y = Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 1 : 0));
  const p = Array.from({ length: n }, (_, i) => ((i * 7919) % n) / n);

  it('keeps at most 200 points, from (0,0) to (1,1) for ROC', () => {
    const roc = rocCurve(y, p);
    expect(roc.length).toBeLessThanOrEqual(200);
    expect(roc[0]).toEqual([0, 0]);
    expect(roc[roc.length - 1]).toEqual([1, 1]);
  });

  it('ends the PR curve at full recall with precision equal to the churn rate', () => {
    const pr = prCurve(y, p);
    expect(pr.length).toBeLessThanOrEqual(200);
    expect(pr[pr.length - 1]).toEqual([1, 0.25]);
  });

  it('thins evenly and keeps both ends', () => {
    expect(thin([1, 2, 3, 4, 5], 3)).toEqual([1, 3, 5]);
  });

  it('puts each probability in its tenth and reports the observed rate per bin', () => {
    const bins = calibrationBins([1, 0, 1, 1], [0.05, 0.05, 0.95, 1]);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toMatchObject({ count: 2, fractionPositive: 0.5, meanPredicted: 0.05 });
    expect(bins[9]).toMatchObject({ count: 2, fractionPositive: 1 });
    expect(bins[5].count).toBe(0);
  });
});
