import { compiledScorer } from '../compile';
import { explain, parseModel, predictMargin, predictMarginInterpreted } from '..';

interface Node {
  split?: number;
  at?: number;
  left?: Node;
  right?: Node;
  defaultLeft?: boolean;
  leaf?: number;
}

/** A hand-made XGBoost 1.7 JSON model from trees written as nested nodes (ids in pre-order). */
function model(trees: Node[], numFeature = 2, baseScore = '5E-1'): Uint8Array {
  const json = trees.map((root) => {
    const t = {
      left_children: [] as number[],
      right_children: [] as number[],
      split_indices: [] as number[],
      split_conditions: [] as number[],
      default_left: [] as number[],
      sum_hessian: [] as number[],
    };
    const add = (n: Node): number => {
      const id = t.left_children.length;
      t.left_children.push(-1);
      t.right_children.push(-1);
      t.split_indices.push(n.split ?? 0);
      t.split_conditions.push(n.leaf ?? n.at ?? 0);
      t.default_left.push(n.defaultLeft ? 1 : 0);
      t.sum_hessian.push(1);
      if (n.left && n.right) {
        t.left_children[id] = add(n.left);
        t.right_children[id] = add(n.right);
        t.sum_hessian[id] = t.sum_hessian[t.left_children[id]] + t.sum_hessian[t.right_children[id]];
      }
      return id;
    };
    add(root);
    return { ...t, tree_param: { num_nodes: String(t.left_children.length) } };
  });
  const doc = {
    version: [1, 7, 4],
    learner: {
      attributes: {},
      feature_names: [],
      learner_model_param: { base_score: baseScore, num_class: '0', num_feature: String(numFeature) },
      objective: { name: 'binary:logistic' },
      gradient_booster: {
        name: 'gbtree',
        model: {
          gbtree_model_param: { num_trees: String(json.length) },
          tree_info: json.map(() => 0),
          trees: json,
        },
      },
    },
  };
  return new TextEncoder().encode(JSON.stringify(doc));
}

const split = (f: number, at: number, left: Node, right: Node, defaultLeft = false): Node => ({
  split: f,
  at,
  left,
  right,
  defaultLeft,
});
const margins = (bytes: Uint8Array, rows: number[][]): number[] => {
  const b = parseModel(bytes);
  return [...predictMargin(b, Float32Array.from(rows.flat()), rows.length)];
};

describe('tree walking at the edges', () => {
  it('sends a value equal to the threshold right (x < t goes left)', () => {
    const bytes = model([split(0, 0.5, { leaf: -1 }, { leaf: 1 })]);
    expect(
      margins(bytes, [
        [0.49, 0],
        [0.5, 0],
        [0.51, 0],
      ]),
    ).toEqual([-1, 1, 1]);
  });

  it('compares the float32 input with the float32 threshold', () => {
    // 0.1 as float32 is 0.100000001490116...; the double 0.1 rounds to it, so it is not below it.
    const bytes = model([split(0, 0.1, { leaf: -1 }, { leaf: 1 })]);
    expect(
      margins(bytes, [
        [0.1, 0],
        [0.09999999, 0],
      ]),
    ).toEqual([1, -1]);
  });

  it('sends a missing value where default_left says, whatever the threshold', () => {
    const left = model([split(1, -1e9, { leaf: -1 }, { leaf: 1 }, true)]);
    const right = model([split(1, 1e9, { leaf: -1 }, { leaf: 1 }, false)]);
    expect(margins(left, [[0, NaN]])).toEqual([-1]);
    expect(margins(right, [[0, NaN]])).toEqual([1]);
  });

  it('scores a tree that is a single leaf', () => {
    expect(margins(model([{ leaf: 0.25 }, { leaf: 0.5 }]), [[0, 0]])).toEqual([0.75]);
  });

  it('starts from logit(base_score)', () => {
    expect(margins(model([{ leaf: 0 }], 2, '0.25'), [[0, 0]])[0]).toBeCloseTo(Math.log(1 / 3), 6);
  });

  it('reads base_score written as a one-element list, as xgboost 2.x does', () => {
    expect(margins(model([{ leaf: 0 }], 2, '[2.5E-1]'), [[0, 0]])[0]).toBeCloseTo(Math.log(1 / 3), 6);
  });

  it('falls back to the interpreter for a tree too deep to compile, with the same answers', () => {
    let node: Node = { leaf: 1 };
    for (let d = 79; d >= 0; d--) node = split(0, d + 0.5, { leaf: -d }, node);
    const b = parseModel(model([node]));
    expect(b.trees.maxDepth).toBe(80);
    expect(compiledScorer(b)).toBeNull();
    const x = Float32Array.from([10, 0, 100, 0, 0, 0]);
    expect([...predictMargin(b, x, 3)]).toEqual([-10, 1, 0]);
    expect(predictMargin(b, x, 3)).toEqual(predictMarginInterpreted(b, x, 3));
    const phi = explain(b, x.subarray(0, 2));
    expect(phi[0] + phi[1] + phi[2]).toBeCloseTo(-10, 9);
  });
});
