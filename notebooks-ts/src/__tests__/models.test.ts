import { auc } from '../metrics';
import { randomForest } from '../model-families/forest';
import { knn } from '../model-families/knn';
import { logisticRegression } from '../model-families/logistic';
import { svm } from '../model-families/svm';
import { ModelKind, Params } from '../model-families/types';
import { toyProblem } from './toy';

const train = toyProblem(600, 1);
const test = toyProblem(300, 2);

const cases: [ModelKind, Params][] = [
  [logisticRegression, { ...logisticRegression.defaults, penalty: 'l2' }],
  [logisticRegression, { ...logisticRegression.defaults, penalty: 'l1', lambda: 0.01 }],
  [knn, knn.defaults],
  [knn, { ...knn.defaults, weighting: 'distance' }],
  [randomForest, { ...randomForest.defaults, nTrees: 40 }],
  [svm, svm.defaults],
  [svm, { ...svm.defaults, kernel: 'rbf', gamma: 0.1, nFeatures: 200 }],
];

describe.each(cases)('%p', (kind, params) => {
  const model = kind.fit(train, params, { seed: 7 });
  const p = kind.predict(model, test.x, test.nRows);

  it(`${kind.name} ${JSON.stringify(params)} learns a separable problem (held-out AUC > 0.95)`, () => {
    expect(auc(test.y, p)).toBeGreaterThan(0.95);
    for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
  });

  it(`${kind.name} predicts the same after a save to JSON text and a reload`, () => {
    const reloaded = kind.fromJson(JSON.parse(JSON.stringify(kind.toJson(model))));
    const again = kind.predict(reloaded, test.x, test.nRows);
    for (let i = 0; i < p.length; i++) expect(again[i]).toBeCloseTo(p[i], 9);
  });

  it(`${kind.name} gives the same model for the same seed`, () => {
    expect(kind.toJson(kind.fit(train, params, { seed: 7 }))).toEqual(kind.toJson(model));
  });
});

it('refuses to load a saved model of another kind', () => {
  const saved = knn.toJson(knn.fit(train, knn.defaults, { seed: 1 }));
  expect(() => svm.fromJson(saved)).toThrow(/not a saved svm model/);
});

it('gives L1 zero weights to the columns without signal', () => {
  const model = logisticRegression.fit(train, { penalty: 'l1', lambda: 0.02, maxIter: 500 }, { seed: 1 });
  // The one-hot group (columns 3-5) carries nothing; with the bias free, L1 removes it.
  const noise = model.weights.slice(3).map(Math.abs);
  expect(Math.max(...noise)).toBeLessThan(0.05);
  expect(Math.abs(model.weights[0])).toBeGreaterThan(0.5);
});

it('makes row weights count: up-weighting churners raises their predicted probability', () => {
  const plain = logisticRegression.fit(train, logisticRegression.defaults, { seed: 1 });
  const weighted = logisticRegression.fit(
    { ...train, weight: train.y.map((v) => (v === 1 ? 5 : 1)) },
    logisticRegression.defaults,
    { seed: 1 },
  );
  const mean = (p: Float64Array): number => p.reduce((a, b) => a + b, 0) / p.length;
  expect(mean(logisticRegression.predict(weighted, test.x, test.nRows))).toBeGreaterThan(
    mean(logisticRegression.predict(plain, test.x, test.nRows)) + 0.05,
  );
});
