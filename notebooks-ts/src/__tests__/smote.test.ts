import { smoteNc } from '../smote';
import { toyProblem } from './toy';

const data = toyProblem(400, 5);
const kinds = { continuous: [0, 1], groups: [[2], [3, 4, 5]] };

describe('SMOTE-NC', () => {
  const { data: out, origin } = smoteNc(data, kinds, { seed: 11 });
  const positives = (y: Float32Array): number => y.filter((v) => v === 1).length;

  it('adds minority rows until the classes are balanced, keeping the originals first and unchanged', () => {
    expect(positives(out.y)).toBe(out.nRows - positives(out.y));
    expect(out.x.subarray(0, data.x.length)).toEqual(data.x);
    expect(origin.length).toBe(out.nRows - data.nRows);
  });

  it('grows every synthetic row from a given minority row, between it and its neighbours', () => {
    const minority = new Set(Array.from({ length: data.nRows }, (_, i) => i).filter((i) => data.y[i] === 1));
    let minX0 = Infinity;
    let maxX0 = -Infinity;
    for (const i of minority) {
      minX0 = Math.min(minX0, data.x[i * 6]);
      maxX0 = Math.max(maxX0, data.x[i * 6]);
    }
    for (let s = 0; s < origin.length; s++) {
      expect(minority.has(origin[s])).toBe(true);
      const v = out.x[(data.nRows + s) * 6];
      expect(v).toBeGreaterThanOrEqual(minX0);
      expect(v).toBeLessThanOrEqual(maxX0);
    }
  });

  it('keeps every one-hot group valid: exactly one hot column, binary columns 0 or 1', () => {
    for (let i = data.nRows; i < out.nRows; i++) {
      const row = out.x.subarray(i * 6, i * 6 + 6);
      expect(row[3] + row[4] + row[5]).toBe(1);
      expect([0, 1]).toContain(row[2]);
    }
  });

  it('is the same for the same seed', () => {
    expect(smoteNc(data, kinds, { seed: 11 }).data.x).toEqual(out.x);
    expect(smoteNc(data, kinds, { seed: 12 }).data.x).not.toEqual(out.x);
  });

  it('resamples to a ratio below 1 when asked', () => {
    const part = smoteNc(data, kinds, { seed: 1, ratio: 0.8 }).data;
    expect(positives(part.y)).toBe(Math.round((part.nRows - positives(part.y)) * 0.8));
  });
});
