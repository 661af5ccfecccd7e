import { execFileSync } from 'node:child_process';
import { createRng } from '../../random';
import { brierScore, calibration, confusionAt, f1Score, rocAuc } from '../stats';

/** scikit-learn's figures for the same labels and scores (the system python has sklearn). */
function sklearn(y: number[], p: number[], threshold: number) {
  const script = `
import json, sys
import numpy as np
from sklearn.metrics import roc_auc_score, f1_score, brier_score_loss
from sklearn.calibration import calibration_curve
d = json.load(sys.stdin)
y = np.array(d["y"]); p = np.array(d["p"])
prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy="uniform")
edges = np.linspace(0.0, 1.0, 11)
ids = np.searchsorted(edges[1:-1], p)
counts = np.bincount(ids, minlength=10)
counts = counts[counts > 0]
ece = float(np.sum(counts / len(y) * np.abs(prob_true - prob_pred)))
print(json.dumps({"auc": roc_auc_score(y, p), "f1": f1_score(y, (p >= d["t"]).astype(int)),
  "brier": brier_score_loss(y, p), "ece": ece, "prob_true": prob_true.tolist()}))
`;
  const out = execFileSync('/usr/bin/python3', ['-c', script], {
    input: JSON.stringify({ y, p, t: threshold }),
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.toString()) as {
    auc: number;
    f1: number;
    brier: number;
    ece: number;
    prob_true: number[];
  };
}

describe('monitoring statistics against scikit-learn', () => {
  // Scores rounded to 3 decimals so ties (and values on bin edges such as 0.3) really occur.
  const rng = createRng(13);
  const y: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const churn = rng() < 0.27 ? 1 : 0;
    const score = Math.min(1, Math.max(0, (churn ? 0.55 : 0.3) + (rng() - 0.5) * 0.8));
    y.push(churn);
    p.push(Math.round(score * 1000) / 1000);
  }
  const reference = sklearn(y, p, 0.4);

  it('computes the ROC AUC sklearn computes, ties included', () => {
    expect(rocAuc(y, p)).toBeCloseTo(reference.auc, 12);
  });

  it('computes the F1 sklearn computes at the threshold', () => {
    expect(f1Score(confusionAt(y, p, 0.4))).toBeCloseTo(reference.f1, 12);
  });

  it('computes the Brier score sklearn computes', () => {
    expect(brierScore(y, p)).toBeCloseTo(reference.brier, 12);
  });

  it('bins like calibration_curve and weights the gaps into the ECE', () => {
    const { ece, bins } = calibration(y, p);
    expect(bins.map((b) => b.fraction_positive)).toEqual(
      reference.prob_true.map((v) => expect.closeTo(v, 12)),
    );
    expect(ece).toBeCloseTo(reference.ece, 12);
  });
});
