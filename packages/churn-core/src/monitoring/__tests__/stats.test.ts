import { PSI_FLOOR, brierScore, calibration, confusionAt, f1Score, psi, rocAuc, shares } from '../stats';

describe('psi', () => {
  it('is zero for identical distributions', () => {
    expect(psi([0.2, 0.3, 0.5], [0.2, 0.3, 0.5])).toBe(0);
  });

  it('matches the hand-computed sum of (cur - ref) ln(cur / ref)', () => {
    // (0.4-0.2)ln2 + (0.3-0.3)ln1 + (0.3-0.5)ln(0.6) = 0.2 ln 2 - 0.2 ln 0.6
    expect(psi([0.2, 0.3, 0.5], [0.4, 0.3, 0.3])).toBeCloseTo(0.2 * Math.log(2) - 0.2 * Math.log(0.6), 12);
  });

  it('floors an empty bin at 1e-4 instead of returning infinity', () => {
    const value = psi([0.5, 0.5], [1, 0]);
    expect(value).toBeCloseTo(0.5 * Math.log(1 / 0.5) + (PSI_FLOOR - 0.5) * Math.log(PSI_FLOOR / 0.5), 12);
    expect(Number.isFinite(value)).toBe(true);
  });

  it('refuses distributions over different bins', () => {
    expect(() => psi([0.5, 0.5], [1])).toThrow(/2 reference bins but 1 current/);
  });
});

describe('shares', () => {
  it('turns counts into shares and an empty count into zeros', () => {
    expect(shares([1, 3])).toEqual([0.25, 0.75]);
    expect(shares([0, 0])).toEqual([0, 0]);
  });
});

describe('rocAuc', () => {
  it('counts a tie between a churner and a non-churner as one half', () => {
    // pairs (pos, neg): (0.8,0.4) win, (0.8,0.8) tie, (0.3,0.4) loss, (0.3,0.8) loss → 1.5 / 4
    expect(rocAuc([1, 1, 0, 0], [0.8, 0.3, 0.4, 0.8])).toBe(0.375);
  });

  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4])).toBe(0);
  });

  it('is null when only one class is present', () => {
    expect(rocAuc([1, 1], [0.2, 0.9])).toBeNull();
  });
});

describe('confusion, F1 and Brier', () => {
  it('counts a probability equal to the threshold as churn, with a threshold per row', () => {
    expect(confusionAt([1, 0, 1, 0], [0.5, 0.5, 0.2, 0.1], [0.5, 0.6, 0.3, 0.05])).toEqual({
      tp: 1,
      fp: 1,
      tn: 1,
      fn: 1,
    });
  });

  it('gives F1 0, not NaN, when nothing is positive', () => {
    expect(f1Score({ tp: 0, fp: 0, tn: 3, fn: 0 })).toBe(0);
    expect(f1Score({ tp: 2, fp: 1, tn: 0, fn: 1 })).toBeCloseTo(4 / 6, 12);
  });

  it('computes the Brier score as the mean squared error', () => {
    expect(brierScore([1, 0], [0.8, 0.4])).toBeCloseTo((0.04 + 0.16) / 2, 12);
  });
});

describe('calibration', () => {
  it('weights each bin’s gap by its share of rows (hand-computed ECE)', () => {
    // bin (0.1,0.2]: p 0.11, 0.15 → mean 0.13, y 0,1 → 0.5; bin (0.9,1]: p 0.95, 1.0 → 0.975, y 1,1 → 1
    const { ece, bins } = calibration([0, 1, 1, 1], [0.11, 0.15, 0.95, 1.0]);
    expect(bins.map((b) => b.count)).toEqual([2, 2]);
    expect(ece).toBeCloseTo(0.5 * Math.abs(0.13 - 0.5) + 0.5 * Math.abs(0.975 - 1), 12);
  });

  it('puts a probability on a bin edge in the bin below, as calibration_curve does', () => {
    expect(calibration([0], [0.2]).bins[0].lo).toBe(0.1);
    expect(calibration([0], [0.3]).bins[0].lo).toBe(0.2);
    expect(calibration([0], [0]).bins[0].lo).toBe(0);
  });
});
