import { ModelFormatError } from './errors';

/**
 * A parsed binary:logistic gbtree model. The trees that are used (after `best_ntree_limit`) are
 * flattened into one set of parallel typed arrays, renumbered breadth-first so that a node's
 * right child always sits right after its left child: a split is one comparison and one add.
 */
export interface Booster {
  readonly numFeature: number;
  /** Trees evaluated: `best_ntree_limit` when the file has it, else every tree in the file. */
  readonly numTrees: number;
  readonly treesInFile: number;
  /** base_score as stored (a probability for binary:logistic). */
  readonly baseScore: number;
  /** The float32 margin every prediction starts from: logit(base_score). */
  readonly baseMargin: number;
  readonly objective: string;
  readonly format: 'json' | 'binary';
  /** `dart` trees carry weights (weight_drop); they are folded into the leaf values at load. */
  readonly booster: 'gbtree' | 'dart';
  readonly featureNames?: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  /** The tree arrays; see `TreeArrays`. */
  readonly trees: TreeArrays;
}

export interface TreeArrays {
  /** Index of each tree's root in the node arrays (length numTrees + 1: the end sentinel last). */
  readonly root: Int32Array;
  /** Left child (the right child is `left + 1`), or -1 for a leaf. */
  readonly left: Int32Array;
  readonly splitIndex: Int32Array;
  /**
   * Split threshold for inner nodes, leaf value (already times eta) for leaves; float32. For
   * dart, the leaf value times the tree's weight, rounded to float32 as xgboost multiplies.
   */
  readonly value: Float32Array;
  readonly defaultLeft: Uint8Array;
  /** sum_hessian: the training cover TreeSHAP weighs branches by. */
  readonly cover: Float64Array;
  /** Cover-weighted mean leaf value below each node (xgboost's FillNodeMeanValue). */
  readonly meanValue: Float64Array;
  readonly maxDepth: number;
}

/** One tree as the file holds it: xgboost's node ids, parallel accessors. */
export interface RawTree {
  numNodes: number;
  left(n: number): number;
  right(n: number): number;
  splitIndex(n: number): number;
  /** Threshold or leaf value, as the file stores it (float32). */
  value(n: number): number;
  defaultLeft(n: number): boolean;
  sumHessian(n: number): number;
  /** Non-numeric (categorical) split. */
  isCategorical?(n: number): boolean;
}

export function flattenTrees(
  raw: readonly RawTree[],
  numFeature: number,
  source: string,
  weights?: ArrayLike<number>,
): TreeArrays {
  const total = raw.reduce((sum, t) => sum + t.numNodes, 0);
  const left = new Int32Array(total);
  const splitIndex = new Int32Array(total);
  const value = new Float32Array(total);
  const defaultLeft = new Uint8Array(total);
  const cover = new Float64Array(total);
  const root = new Int32Array(raw.length + 1);
  const order = new Int32Array(total);
  let next = 0;
  let maxDepth = 0;
  raw.forEach((tree, t) => {
    const where = `${source}: tree ${t}`;
    if (tree.numNodes < 1) throw new ModelFormatError(`${where} has no nodes`);
    const base = next;
    root[t] = base;
    order[next++] = 0;
    const seen = new Uint8Array(tree.numNodes);
    seen[0] = 1;
    const depth = new Int32Array(tree.numNodes);
    // Breadth-first: `order` lists xgboost node ids in our numbering; children are appended in pairs.
    for (let i = base; i < next; i++) {
      const n = order[i];
      const l = tree.left(n);
      cover[i] = tree.sumHessian(n);
      if (l === -1) {
        left[i] = -1;
        // Dart adds `leaf * weight` computed in float: the same float32 product, taken once here.
        value[i] = weights ? Math.fround(tree.value(n) * weights[t]) : tree.value(n);
        continue;
      }
      if (tree.isCategorical?.(n)) {
        throw new ModelFormatError(
          `${where} node ${n} has a categorical split, which this runtime does not evaluate`,
        );
      }
      const r = tree.right(n);
      for (const c of [l, r]) {
        if (!Number.isInteger(c) || c <= 0 || c >= tree.numNodes) {
          throw new ModelFormatError(
            `${where} node ${n} points at child ${c}, outside 1..${tree.numNodes - 1}`,
          );
        }
        if (seen[c])
          throw new ModelFormatError(`${where} node ${c} is reached twice: the tree is not a tree`);
        seen[c] = 1;
        depth[c] = depth[n] + 1;
        if (depth[c] > maxDepth) maxDepth = depth[c];
      }
      const f = tree.splitIndex(n);
      if (!Number.isInteger(f) || f < 0 || f >= numFeature) {
        throw new ModelFormatError(
          `${where} node ${n} splits on feature ${f}, but the model has ${numFeature}`,
        );
      }
      left[i] = next;
      splitIndex[i] = f;
      value[i] = tree.value(n);
      defaultLeft[i] = tree.defaultLeft(n) ? 1 : 0;
      order[next++] = l;
      order[next++] = r;
    }
  });
  root[raw.length] = next;
  const meanValue = new Float64Array(next);
  for (let t = 0; t < raw.length; t++) {
    // Children come after parents, so one backward pass fills every mean bottom-up.
    for (let i = root[t + 1] - 1; i >= root[t]; i--) {
      const l = left[i];
      if (l < 0) {
        meanValue[i] = value[i];
      } else if (cover[i] > 0) {
        meanValue[i] = (meanValue[l] * cover[l] + meanValue[l + 1] * cover[l + 1]) / cover[i];
      }
    }
  }
  const trim = <T extends Int32Array | Float32Array | Uint8Array | Float64Array>(a: T): T =>
    (next === total ? a : a.slice(0, next)) as T;
  return {
    root,
    left: trim(left),
    splitIndex: trim(splitIndex),
    value: trim(value),
    defaultLeft: trim(defaultLeft),
    cover: trim(cover),
    meanValue,
    maxDepth,
  };
}

/** logit(base_score) as xgboost 1.7 computes it for binary:logistic: `-log(1/p - 1)` in float32. */
export function logisticBaseMargin(baseScore: number, source: string): number {
  const p = Math.fround(baseScore);
  if (!(p > 0 && p < 1)) {
    throw new ModelFormatError(`${source}: base_score ${baseScore} is not a probability in (0, 1)`);
  }
  return Math.fround(-Math.log(Math.fround(Math.fround(1 / p) - 1)));
}

export interface BoosterHeader {
  objective: string;
  booster: string;
  numFeature: number;
  numClass: number;
  baseScore: number;
  attributes: Record<string, string>;
  featureNames?: string[];
  treeInfo: ArrayLike<number>;
  /** dart's weight_drop, one per tree. */
  treeWeights?: ArrayLike<number>;
}

/** The checks both formats share: refuse what we would get wrong, by name, then apply best_ntree_limit. */
export function assembleBooster(
  header: BoosterHeader,
  trees: readonly RawTree[],
  format: 'json' | 'binary',
  source: string,
): Booster {
  if (header.booster !== 'gbtree' && header.booster !== 'dart') {
    throw new ModelFormatError(
      `${source}: booster "${header.booster}" is not supported (only gbtree and dart)`,
    );
  }
  if (header.booster === 'dart' && header.treeWeights?.length !== trees.length) {
    throw new ModelFormatError(
      `${source}: a dart model needs one weight_drop per tree (${trees.length}), found ${header.treeWeights?.length ?? 0}`,
    );
  }
  if (header.objective !== 'binary:logistic') {
    throw new ModelFormatError(
      `${source}: objective "${header.objective}" is not supported (only binary:logistic, a churn probability)`,
    );
  }
  if (header.numClass > 1) {
    throw new ModelFormatError(
      `${source}: a multiclass model (num_class ${header.numClass}) is not supported`,
    );
  }
  if (!Number.isInteger(header.numFeature) || header.numFeature < 1) {
    throw new ModelFormatError(`${source}: num_feature ${header.numFeature} is not a positive integer`);
  }
  for (let t = 0; t < header.treeInfo.length; t++) {
    if (header.treeInfo[t] !== 0) {
      throw new ModelFormatError(
        `${source}: tree ${t} belongs to output group ${header.treeInfo[t]}, expected 0`,
      );
    }
  }
  let used = trees.length;
  const limitText = header.attributes.best_ntree_limit;
  if (limitText !== undefined) {
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > trees.length) {
      throw new ModelFormatError(
        `${source}: best_ntree_limit "${limitText}" is not a tree count in 1..${trees.length}`,
      );
    }
    used = limit;
  }
  return {
    numFeature: header.numFeature,
    numTrees: used,
    treesInFile: trees.length,
    baseScore: header.baseScore,
    baseMargin: logisticBaseMargin(header.baseScore, source),
    objective: header.objective,
    format,
    booster: header.booster,
    featureNames: header.featureNames,
    attributes: header.attributes,
    trees: flattenTrees(trees.slice(0, used), header.numFeature, source, header.treeWeights),
  };
}
