import { parseModel, predictMargin, predictMarginInterpreted, predictProba } from '..';
import { FIXTURE_NAMES, expected, fixtureBytes, inputs } from './fixtures';

describe.each(FIXTURE_NAMES.flatMap((name) => [[name, 'json'] as const, [name, 'bin'] as const]))(
  'the %s fixture model (%s)',
  (name, format) => {
    const e = expected(name);
    const booster = parseModel(fixtureBytes(name, format), `${name}.${format}`);
    const x = inputs(e);

    it('reads the feature count and uses best_ntree_limit trees', () => {
      expect(booster.numFeature).toBe(e.numFeature);
      expect(booster.treesInFile).toBe(e.treesInFile);
      expect(booster.numTrees).toBe(e.treesUsed);
    });

    it('computes margins bit for bit equal to xgboost', () => {
      const margins = predictMargin(booster, x, e.nRows);
      const mismatches = e.margin.filter((m, r) => margins[r] !== m).length;
      expect(mismatches).toBe(0);
    });

    it('computes probabilities bit for bit equal to xgboost (glibc expf, not Math.exp)', () => {
      const proba = predictProba(booster, x, e.nRows);
      const mismatches = e.proba.filter((p, r) => proba[r] !== p).length;
      expect(mismatches).toBe(0);
    });
  },
);

describe.each(FIXTURE_NAMES)('the compiled trees of the %s fixture model', (name) => {
  it('give the same margins as walking the node arrays', () => {
    const e = expected(name);
    const booster = parseModel(fixtureBytes(name, 'json'), name);
    const x = inputs(e);
    expect(predictMargin(booster, x, e.nRows)).toEqual(predictMarginInterpreted(booster, x, e.nRows));
  });
});

describe('scoring a batch', () => {
  const e = expected('small');
  const booster = parseModel(fixtureBytes('small', 'json'), 'small');

  it('writes into a caller-provided output array', () => {
    const out = new Float32Array(e.nRows + 5);
    const result = predictProba(booster, inputs(e), e.nRows, out);
    expect(result).toBe(out);
    expect(out[0]).toBe(e.proba[0]);
  });

  it('scores one row from a view into a batch', () => {
    const x = inputs(e);
    const one = predictMargin(booster, x.subarray(3 * e.nCols, 4 * e.nCols), 1);
    expect(one[0]).toBe(e.margin[3]);
  });

  it('refuses a batch whose length is not rows x features', () => {
    expect(() => predictProba(booster, new Float32Array(10), 2)).toThrow(
      'expected 2 rows x 8 features = 16 values, got 10',
    );
  });

  it('scores an empty batch', () => {
    expect(predictProba(booster, new Float32Array(0), 0)).toHaveLength(0);
  });
});
