import { train } from '../train';
import { column, jsonTrees } from './helpers';

const f32 = Math.fround;
// One round, depth 1, base_score 0.5: every row starts at p = 0.5, so gradient = 0.5 - y and
// hessian = 0.25. The numbers below follow from XGBoost's formulas by hand.
const stump = { num_round: 1, max_depth: 1, eta: 0.5, lambda: 1, min_child_weight: 0 };

describe('a single stump on a hand-checkable data set', () => {
  // x = 1, 2 are negatives (g = +0.5), x = 3, 4 positives (g = -0.5); root G = 0, H = 1.
  const data = column([1, 2, 3, 4], [0, 0, 1, 1]);

  it('splits at the midpoint between the two classes with the gain computed by hand', () => {
    const [tree] = jsonTrees(train(data, stump).json);
    expect(tree.split_indices[0]).toBe(0);
    expect(tree.split_conditions[0]).toBe(2.5);
    // G_L^2/(H_L+l) + G_R^2/(H_R+l) - G^2/(H+l) = 1/1.5 + 1/1.5 - 0
    expect(tree.loss_changes[0]).toBe(f32(f32(f32(1 / 1.5) + f32(1 / 1.5)) - 0));
    expect(tree.sum_hessian).toEqual([1, 0.5, 0.5]);
  });

  it('gives leaves -G/(H+lambda) times eta, and keeps the weights before eta', () => {
    const [tree] = jsonTrees(train(data, stump).json);
    expect(tree.left_children).toEqual([1, -1, -1]);
    expect(tree.split_conditions.slice(1)).toEqual([f32(f32(-1 / 1.5) * 0.5), f32(f32(1 / 1.5) * 0.5)]);
    expect(tree.base_weights).toEqual([-0, f32(-1 / 1.5), f32(1 / 1.5)]);
  });

  it('soft-thresholds the gradient sums by alpha', () => {
    const [tree] = jsonTrees(train(data, { ...stump, alpha: 0.5 }).json);
    // ThresholdL1(1, 0.5) = 0.5: gain 2 * 0.25/1.5, weights -/+ 0.5/1.5.
    expect(tree.loss_changes[0]).toBe(f32(2 * f32(0.25 / 1.5)));
    expect(tree.base_weights.slice(1)).toEqual([f32(-0.5 / 1.5), f32(0.5 / 1.5)]);
  });

  it('prunes a split whose gain is below gamma back into a leaf, keeping the nodes as deleted', () => {
    const [tree] = jsonTrees(train(data, { ...stump, gamma: 2 }).json);
    expect(tree.left_children).toEqual([-1, -1, -1]);
    // eta * base weight of the root, whose gradient sum is 0 (XGBoost writes it as -0E0 too).
    expect(tree.split_conditions[0]).toBe(-0);
    expect(tree.split_indices.slice(1)).toEqual([2147483647, 2147483647]);
    expect(tree.tree_param.num_deleted).toBe('2');
  });

  it('keeps a split whose gain is above gamma', () => {
    const [tree] = jsonTrees(train(data, { ...stump, gamma: 1 }).json);
    expect(tree.left_children[0]).toBe(1);
  });

  it('refuses a split that leaves a child lighter than min_child_weight', () => {
    const [tree] = jsonTrees(train(data, { ...stump, min_child_weight: 0.6 }).json);
    expect(tree.left_children).toEqual([-1]);
  });

  it('picks the threshold below the larger value when the midpoint rounds onto the smaller one in float32', () => {
    const a = 1;
    const b = 1 + 2 ** -23; // the next float32 after 1: (a + b) / 2 rounds back to a
    const [tree] = jsonTrees(train(column([a, a, b, b], [0, 0, 1, 1]), stump).json);
    expect(tree.split_conditions[0]).toBe(b);
  });
});

describe('row weights', () => {
  it('count a row of weight 2 like the same row twice', () => {
    const weighted = { ...column([1, 2, 3, 4], [0, 0, 1, 1]), weight: Float32Array.from([2, 1, 1, 1]) };
    const twice = column([1, 1, 2, 3, 4], [0, 0, 0, 1, 1]);
    const [a] = jsonTrees(train(weighted, stump).json);
    const [b] = jsonTrees(train(twice, stump).json);
    expect(a.split_conditions).toEqual(b.split_conditions);
    expect(a.sum_hessian).toEqual(b.sum_hessian);
  });

  it('scale_pos_weight weighs positive rows like a row weight would', () => {
    const data = column([1, 2, 3, 4, 5], [0, 1, 0, 1, 1]);
    const [a] = jsonTrees(train(data, { ...stump, scale_pos_weight: 3 }).json);
    const [b] = jsonTrees(train({ ...data, weight: Float32Array.from([1, 3, 1, 3, 3]) }, stump).json);
    expect(a).toEqual(b);
  });
});

describe('missing values', () => {
  it('learn to go right when they behave like the high values', () => {
    const [tree] = jsonTrees(train(column([1, 2, 3, 4, NaN, NaN], [0, 0, 1, 1, 1, 1]), stump).json);
    expect(tree.split_conditions[0]).toBe(2.5);
    expect(tree.default_left[0]).toBe(0);
  });

  it('learn to go left when they behave like the low values', () => {
    const [tree] = jsonTrees(train(column([1, 2, 3, 4, NaN, NaN], [0, 0, 1, 1, 0, 0]), stump).json);
    expect(tree.split_conditions[0]).toBe(2.5);
    expect(tree.default_left[0]).toBe(1);
  });

  it('are split off on their own when every present value behaves alike', () => {
    const [tree] = jsonTrees(train(column([1, 2, 3, NaN, NaN, NaN], [0, 0, 0, 1, 1, 1]), stump).json);
    // The forward scan's last candidate (present values left, missing right, at max + |max| + 1e-6)
    // comes first and the backward scan's mirror image only ties it: XGBoost 1.7 writes 6.000001.
    expect(tree.default_left[0]).toBe(0);
    expect(tree.split_conditions[0]).toBe(f32(3 + f32(3 + f32(1e-6))));
  });
});
