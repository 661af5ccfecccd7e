/**
 * Parity with the reference: python3-xgboost 1.7.4 loads our models and scores them as our
 * runtime does, trains the very same trees from the same data, and reaches the same held-out
 * AUC. Skips (one line) where /usr/bin/python3 has no xgboost.
 */
import { readFileSync, writeFileSync } from 'fs';
import { parseModel, predictProba } from '@telco-churn/xgboost-runtime';
import { FEATURE_NAMES } from '@telco-churn/core/features';
import { auc, toModelBytes, train } from '..';
import { ReferenceSession, referenceUnavailable } from '../reference';
import { syntheticChurn } from '../parity-data';
import { makeData } from './helpers';

const unavailable = referenceUnavailable();
if (unavailable) console.log(`skipping the xgboost parity tests: ${unavailable}`);
const describeIfPython = unavailable ? describe.skip : describe;

describeIfPython('parity with python3-xgboost 1.7', () => {
  let ref: ReferenceSession;
  beforeAll(() => {
    ref = new ReferenceSession();
  });
  afterAll(() => ref.close());

  it('loads our xgboost-model file (early-stopped, missing values, feature names) and predicts what our runtime predicts', () => {
    const data = makeData(1500, 11, 0.1);
    const valid = makeData(500, 12, 0.1);
    const test = makeData(700, 13, 0.1);
    const model = train(
      data,
      {
        num_round: 300,
        eta: 0.3,
        max_depth: 5,
        subsample: 0.8,
        colsample_bytree: 0.8,
        early_stopping_rounds: 10,
        seed: 5,
      },
      { validation: valid, featureNames: ['a', 'b', 'c', 'd', 'e'] },
    );
    expect(model.bestNtreeLimit).toBeLessThan(model.trees.length);
    // Named as SageMaker's container expects it: xgboost 1.7 sniffs the JSON, whatever the name.
    const path = ref.path('xgboost-model');
    writeFileSync(path, toModelBytes(model));
    const theirs = ref.score(path, test);
    expect(theirs.bestNtreeLimit).toBe(model.bestNtreeLimit);
    const ours = predictProba(parseModel(readFileSync(path)), test.x, test.nRows);
    let worst = 0;
    for (let r = 0; r < test.nRows; r++) worst = Math.max(worst, Math.abs(ours[r] - theirs.probabilities[r]));
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  it('writes the same model file, byte for byte, as xgb.train with the same data and parameters', () => {
    const data = makeData(1200, 21, 0.08);
    const params = {
      eta: 0.2,
      max_depth: 4,
      min_child_weight: 2,
      gamma: 0.3,
      lambda: 2,
      alpha: 0.1,
      scale_pos_weight: 1.5,
      base_score: 0.4,
    };
    const ours = toModelBytes(train(data, { ...params, num_round: 60 }));
    const path = ref.path('theirs.json');
    ref.train({
      train: data,
      params: { ...params, objective: 'binary:logistic', tree_method: 'exact', nthread: 1 },
      numRound: 60,
      modelOut: path,
    });
    expect(Buffer.from(ours).toString('utf8')).toBe(readFileSync(path, 'utf8'));
  });

  it('samples the rows and columns xgboost samples for the same seed (subsample, colsample_bytree): same file', () => {
    const data = makeData(1500, 41, 0.05);
    const params = { eta: 0.3, max_depth: 4, subsample: 0.8, colsample_bytree: 0.6, seed: 12345 };
    const ours = toModelBytes(train(data, { ...params, num_round: 30 }));
    const path = ref.path('sampled.json');
    ref.train({
      train: data,
      params: { ...params, objective: 'binary:logistic', tree_method: 'exact', nthread: 1 },
      numRound: 30,
      modelOut: path,
    });
    expect(Buffer.from(ours).toString('utf8')).toBe(readFileSync(path, 'utf8'));
  });

  it.each(['logloss', 'auc'] as const)(
    'early-stops on validation %s where xgb.train does, writing the same file (best_score included)',
    (metric) => {
      const data = makeData(1500, 31, 0.05);
      const valid = makeData(600, 32, 0.05);
      const params = { eta: 0.3, max_depth: 5, eval_metric: metric };
      const model = train(
        data,
        { ...params, num_round: 400, early_stopping_rounds: 8 },
        { validation: valid },
      );
      const path = ref.path(`es-${metric}.json`);
      ref.train({
        train: data,
        valid,
        params: { ...params, objective: 'binary:logistic', tree_method: 'exact', nthread: 1 },
        numRound: 400,
        earlyStoppingRounds: 8,
        modelOut: path,
      });
      expect(model.trees.length).toBeLessThan(400);
      expect(Buffer.from(toModelBytes(model)).toString('utf8')).toBe(readFileSync(path, 'utf8'));
    },
  );

  it('reaches the held-out AUC of xgboost exact on churn data (within 0.003), with the same model file', () => {
    const { train: trainSet, test } = syntheticChurn(5634, 1409, 2026);
    const params = { eta: 0.05, max_depth: 4, min_child_weight: 1, lambda: 1 };
    const model = train(trainSet, { ...params, num_round: 300 }, { featureNames: FEATURE_NAMES });
    const bytes = toModelBytes(model);
    const ours = auc(predictProba(parseModel(bytes), test.x, test.nRows), test.y);
    const path = ref.path('churn.json');
    const theirs = ref.train({
      train: trainSet,
      test,
      params: { ...params, objective: 'binary:logistic', tree_method: 'exact', nthread: 1 },
      numRound: 300,
      modelOut: path,
      featureNames: FEATURE_NAMES,
    });
    console.log(
      `held-out AUC on ${test.nRows} synthetic churn rows: ours ${ours.toFixed(5)}, xgboost ${theirs.test_auc?.toFixed(5)}`,
    );
    expect(Math.abs(ours - (theirs.test_auc as number))).toBeLessThanOrEqual(0.003);
    expect(Buffer.from(bytes).toString('utf8')).toBe(readFileSync(path, 'utf8'));
    // Gain importance as get_score(importance_type='gain'); features never split on are absent there.
    FEATURE_NAMES.forEach((name, j) => expect(model.gain[j]).toBe(theirs.gain[name] ?? 0));
  });
});
