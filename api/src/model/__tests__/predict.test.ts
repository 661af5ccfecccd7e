import { parseModel, predictMargin, predictProba } from '..';
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

    it('computes probabilities within 1e-6 of xgboost', () => {
      const proba = predictProba(booster, x, e.nRows);
      const worst = Math.max(...e.proba.map((p, r) => Math.abs(proba[r] - p)));
      expect(worst).toBeLessThan(1e-6);
    });
  },
);
