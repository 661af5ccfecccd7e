import { parseModel, predictMargin, predictProba } from '@telco-churn/xgboost-runtime';
import { TrainerInputError, auc, leafValue, toModelBytes, train } from '..';
import { learnerOf, jsonTrees, makeData } from './helpers';

const data = makeData(600, 1, 0.05);
const valid = makeData(300, 2, 0.05);
const sampled = { num_round: 15, max_depth: 3, eta: 0.3, subsample: 0.7, colsample_bytree: 0.6, seed: 42 };

describe('train', () => {
  it('writes byte-identical models for the same data, parameters and seed', () => {
    const a = toModelBytes(train(data, sampled));
    const b = toModelBytes(train(data, sampled));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('draws other rows and features with another seed', () => {
    const a = toModelBytes(train(data, sampled));
    const b = toModelBytes(train(data, { ...sampled, seed: 43 }));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('learns the signal: held-out AUC well above chance and above one round', () => {
    const scoreOf = (rounds: number) => {
      const m = train(data, { num_round: rounds, max_depth: 3, eta: 0.3 });
      const booster = parseModel(toModelBytes(m));
      return auc(predictProba(booster, valid.x, valid.nRows), valid.y);
    };
    const many = scoreOf(30);
    expect(many).toBeGreaterThan(0.75);
    expect(many).toBeGreaterThan(scoreOf(1));
  });

  it('stops early and records best_iteration, best_ntree_limit and best_score like xgb.train', () => {
    const m = train(
      data,
      { num_round: 500, eta: 0.5, max_depth: 6, min_child_weight: 0, early_stopping_rounds: 5 },
      { validation: valid },
    );
    const trees = jsonTrees(m.json);
    expect(trees.length).toBe(m.bestIteration + 1 + 5);
    expect(trees.length).toBeLessThan(500);
    const attributes = learnerOf(m.json).attributes as Record<string, string>;
    expect(Object.keys(attributes)).toEqual(['best_iteration', 'best_ntree_limit', 'best_score']);
    expect(attributes.best_iteration).toBe(String(m.bestIteration));
    expect(attributes.best_ntree_limit).toBe(String(m.bestIteration + 1));
    expect(m.bestNtreeLimit).toBe(m.bestIteration + 1);
    expect(Number(attributes.best_score)).toBe(Math.min(...m.history));
    expect(m.history[m.bestIteration]).toBe(Math.min(...m.history));
  });

  it('maximises AUC when early stopping on auc', () => {
    const m = train(
      data,
      { num_round: 200, eta: 0.5, max_depth: 6, early_stopping_rounds: 3, eval_metric: 'auc' },
      { validation: valid },
    );
    expect(m.history[m.bestIteration]).toBe(Math.max(...m.history));
    expect(m.history.length).toBe(m.bestIteration + 4);
  });

  it('without early stopping, marks the last round best as xgb.train does, with no best_score', () => {
    const m = train(data, { num_round: 4 }, { validation: valid });
    expect(learnerOf(m.json).attributes).toEqual({ best_iteration: '3', best_ntree_limit: '4' });
    expect(m.history).toHaveLength(4);
  });

  it('reports each round to onRound with the validation metric', () => {
    const seen: [number, number | undefined][] = [];
    train(
      data,
      { num_round: 3 },
      { validation: valid, onRound: (round, metrics) => seen.push([round, metrics.validation]) },
    );
    expect(seen.map(([r]) => r)).toEqual([0, 1, 2]);
    expect(seen.every(([, v]) => typeof v === 'number' && v > 0 && v < 1)).toBe(true);
  });

  it('gives the same model whether or not it skips the lowest-value run of dense columns', () => {
    // min_child_weight 1e-6 takes the shortcut, 9e-7 scans every entry; no child weighs that little.
    const dense = makeData(800, 4);
    const fast = toModelBytes(train(dense, { num_round: 20, max_depth: 4, min_child_weight: 1e-6 }));
    const full = toModelBytes(train(dense, { num_round: 20, max_depth: 4, min_child_weight: 9e-7 }));
    expect(Buffer.from(fast).equals(Buffer.from(full))).toBe(true);
  });

  it('sums gain per feature over the splits, none for an unused feature', () => {
    const m = train(data, { num_round: 5, max_depth: 2, colsample_bytree: 0.2, seed: 3 });
    const trees = jsonTrees(m.json);
    const total = new Float64Array(data.nCols);
    for (const t of trees) {
      t.left_children.forEach((l, n) => {
        if (l !== -1) total[t.split_indices[n]] += t.loss_changes[n];
      });
    }
    // float32 sums in XGBoost's walk order (bit-checked against get_score in xgboost.int.test.ts).
    m.totalGain.forEach((g, f) => expect(g).toBeCloseTo(total[f], 4));
    expect(m.totalGain.some((g) => g === 0)).toBe(true);
    m.gain.forEach((g, f) => expect(g).toBeCloseTo(m.splitCount[f] ? total[f] / m.splitCount[f] : 0, 5));
  });
});

describe('the saved model', () => {
  const model = train(
    data,
    { num_round: 12, max_depth: 4, eta: 0.2, gamma: 0.5, base_score: 0.3 },
    {
      featureNames: ['a', 'b', 'c', 'd', 'e'],
    },
  );
  const bytes = toModelBytes(model);

  it('reloads in the model runtime and predicts what the trees it was trained with predict', () => {
    // gamma pruned some splits: the file holds deleted nodes, which the runtime must skip.
    expect(jsonTrees(model.json).some((t) => t.tree_param.num_deleted !== '0')).toBe(true);
    const booster = parseModel(bytes);
    expect(booster.numTrees).toBe(12);
    const margins = predictMargin(booster, valid.x, valid.nRows);
    const base = Math.fround(-Math.log(Math.fround(Math.fround(1 / Math.fround(0.3)) - 1)));
    for (let r = 0; r < valid.nRows; r++) {
      let m = base;
      for (const t of model.trees) m = Math.fround(m + leafValue(t, valid.x, valid.nCols, r));
      expect(margins[r]).toBe(m);
    }
  });

  it('has the XGBoost 1.7 layout and string formats', () => {
    const json = JSON.parse(Buffer.from(bytes).toString('utf8'));
    expect(json.version).toEqual([1, 7, 4]);
    expect(Object.keys(json.learner)).toEqual([
      'attributes',
      'feature_names',
      'feature_types',
      'gradient_booster',
      'learner_model_param',
      'objective',
    ]);
    expect(json.learner.learner_model_param).toEqual({
      base_score: '3E-1',
      boost_from_average: '0',
      num_class: '0',
      num_feature: '5',
      num_target: '1',
    });
    expect(json.learner.objective).toEqual({
      name: 'binary:logistic',
      reg_loss_param: { scale_pos_weight: '1' },
    });
    expect(json.learner.feature_names).toEqual(['a', 'b', 'c', 'd', 'e']);
    const tree = json.learner.gradient_booster.model.trees[0];
    expect(Object.keys(tree)).toEqual([
      'base_weights',
      'categories',
      'categories_nodes',
      'categories_segments',
      'categories_sizes',
      'default_left',
      'id',
      'left_children',
      'loss_changes',
      'parents',
      'right_children',
      'split_conditions',
      'split_indices',
      'split_type',
      'sum_hessian',
      'tree_param',
    ]);
    expect(tree.parents[0]).toBe(2147483647);
    expect(tree.tree_param.num_nodes).toBe(String(tree.left_children.length));
  });

  it('prints floats like XGBoost: shortest float32 digits with a capital E', () => {
    const text = Buffer.from(bytes).toString('utf8');
    const conditions = /"split_conditions":\[([^\]]*)\]/.exec(text)?.[1].split(',') ?? [];
    expect(conditions.length).toBeGreaterThan(1);
    for (const c of conditions) expect(c).toMatch(/^-?\d(\.\d+)?E-?\d+$/);
  });
});

describe('bad input', () => {
  it('names an unknown parameter', () => {
    expect(() => train(data, { max_depht: 3 } as never)).toThrow(/unknown parameter "max_depht"/);
  });

  it('names a parameter out of range', () => {
    expect(() => train(data, { subsample: 0 })).toThrow(
      new TrainerInputError('subsample must be a number in (0, 1], got 0'),
    );
    expect(() => train(data, { max_depth: 2.5 })).toThrow(/max_depth must be an integer/);
  });

  it('refuses early stopping without a validation set', () => {
    expect(() => train(data, { early_stopping_rounds: 3 })).toThrow(/needs a validation set/);
  });

  it('names the row with a label outside [0, 1]', () => {
    const bad = { ...data, y: Float32Array.from(data.y, (v, i) => (i === 7 ? 2 : v)) };
    expect(() => train(bad, {})).toThrow(/training set: label of row 7 must be in \[0, 1\]/);
  });

  it('refuses AUC early stopping on a validation set with one class', () => {
    const oneClass = { ...valid, y: new Float32Array(valid.nRows) };
    expect(() => train(data, { eval_metric: 'auc' }, { validation: oneClass })).toThrow(
      /AUC needs both classes/,
    );
  });

  it('refuses a validation set of another width', () => {
    const narrow = { x: new Float32Array(4), nRows: 1, nCols: 4, y: new Float32Array(1) };
    expect(() => train(data, {}, { validation: narrow })).toThrow(
      /validation set: has 4 columns but the training set has 5/,
    );
  });

  it('refuses feature names XGBoost would refuse', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    expect(() => train(data, {}, { featureNames: ['a', 'b', 'a', 'd', 'e'] })).toThrow(
      /feature name "a" appears twice/,
    );
    expect(() => train(data, {}, { featureNames: [...names.slice(0, 4), 'x[1]'] })).toThrow(
      /feature name "x\[1\]"/,
    );
  });

  it('refuses infinite feature values, naming row and column', () => {
    const bad = { ...data, x: Float32Array.from(data.x, (v, i) => (i === 11 ? Infinity : v)) };
    expect(() => train(bad, {})).toThrow(/row 2, column 1 is infinite/);
  });
});
