import { explain, parseModel, predictMargin } from '..';
import { buildLeafTables } from '../leaf-shap';
import { explainRecursive } from '../shap';
import { FIXTURE_NAMES, expected, fixtureBytes, inputs } from './fixtures';

describe.each(FIXTURE_NAMES)('TreeSHAP on the %s fixture model', (name) => {
  const e = expected(name);
  const booster = parseModel(fixtureBytes(name, 'json'), name);
  const rows = e.contribs.length;
  const x = inputs(e, rows);
  const row = (r: number): Float32Array => x.subarray(r * e.nCols, (r + 1) * e.nCols);

  it('matches xgboost pred_contribs within 1e-5, bias last', () => {
    let worst = 0;
    for (let r = 0; r < rows; r++) {
      const phi = explain(booster, row(r));
      expect(phi).toHaveLength(e.nCols + 1);
      e.contribs[r].forEach((c, j) => (worst = Math.max(worst, Math.abs(phi[j] - c))));
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it('gives the same values from the leaf tables as from the recursive algorithm', () => {
    expect(buildLeafTables(booster)).toBeDefined();
    let worst = 0;
    for (let r = 0; r < rows; r++) {
      const fast = explain(booster, row(r));
      explainRecursive(booster, row(r)).forEach((c, j) => (worst = Math.max(worst, Math.abs(fast[j] - c))));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('gives contributions that sum to the margin', () => {
    const margins = predictMargin(booster, x, rows);
    for (let r = 0; r < rows; r++) {
      const sum = explain(booster, row(r)).reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - margins[r])).toBeLessThan(1e-5);
    }
  });
});

it('gives up on leaf tables past the memory budget, leaving the recursive method', () => {
  const booster = parseModel(fixtureBytes('deep', 'json'), 'deep');
  const tables = buildLeafTables(booster);
  expect(tables).toBeDefined();
  expect(buildLeafTables(booster, tables!.table.length)).toBeDefined();
  expect(buildLeafTables(booster, tables!.table.length - 1)).toBeUndefined();
});

it('explains a row of all-missing inputs with finite contributions', () => {
  const e = expected('missing');
  const booster = parseModel(fixtureBytes('missing', 'json'), 'missing');
  const row = new Float32Array(e.nCols).fill(NaN);
  const phi = explain(booster, row);
  expect(phi.every(Number.isFinite)).toBe(true);
});
