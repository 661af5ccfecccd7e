/**
 * One regression tree in XGBoost's node layout: parallel arrays indexed by node id, the root
 * is node 0, children are numbered breadth-first as they are created. These are exactly the
 * arrays of a tree in the 1.7 JSON model.
 */
export interface Tree {
  left: number[];
  right: number[];
  parent: number[];
  /** Feature of the split; XGBoost keeps it (and `defaultLeft`) on a leaf made by pruning. */
  splitIndex: number[];
  /** Threshold of a split (go left when x < it), or the leaf value (already times eta). */
  splitCond: number[];
  defaultLeft: number[];
  /** Weight before eta, of splits and leaves alike. */
  baseWeight: number[];
  lossChg: number[];
  sumHess: number[];
}

/** XGBoost's parent of the root, and the split index it writes for a deleted (pruned-away) node. */
export const NO_PARENT = 2147483647;
export const DELETED_SPLIT_INDEX = 2147483647;

export function emptyTree(): Tree {
  return {
    left: [-1],
    right: [-1],
    parent: [NO_PARENT],
    splitIndex: [0],
    splitCond: [0],
    defaultLeft: [0],
    baseWeight: [0],
    lossChg: [0],
    sumHess: [0],
  };
}

/** Adds two leaf children to `nid` and makes it a split; returns the left child's id. */
export function expandNode(
  tree: Tree,
  nid: number,
  feature: number,
  cond: number,
  defaultLeft: boolean,
): number {
  const l = tree.left.length;
  for (let k = 0; k < 2; k++) {
    tree.left.push(-1);
    tree.right.push(-1);
    tree.parent.push(nid);
    tree.splitIndex.push(0);
    tree.splitCond.push(0);
    tree.defaultLeft.push(0);
    tree.baseWeight.push(0);
    tree.lossChg.push(0);
    tree.sumHess.push(0);
  }
  tree.left[nid] = l;
  tree.right[nid] = l + 1;
  tree.splitIndex[nid] = feature;
  tree.splitCond[nid] = cond;
  tree.defaultLeft[nid] = defaultLeft ? 1 : 0;
  return l;
}

/**
 * XGBoost's `prune` updater (run after `grow_colmaker`): a split whose two children are leaves
 * and whose loss change is below gamma becomes a leaf worth eta * its base weight, bottom-up.
 * The children stay in the arrays, marked deleted, as XGBoost saves them. Returns nodes removed.
 */
export function pruneTree(tree: Tree, gamma: number, eta: number): number {
  const g = Math.fround(gamma);
  const lr = Math.fround(eta);
  let removed = 0;
  const visit = (nid: number): boolean => {
    const l = tree.left[nid];
    if (l === -1) return true;
    const r = tree.right[nid];
    const leftLeaf = visit(l);
    const rightLeaf = visit(r);
    if (!leftLeaf || !rightLeaf || !(tree.lossChg[nid] < g)) return false;
    for (const child of [l, r]) {
      tree.splitIndex[child] = DELETED_SPLIT_INDEX;
      tree.defaultLeft[child] = 1;
    }
    tree.left[nid] = -1;
    tree.right[nid] = -1;
    tree.splitCond[nid] = Math.fround(lr * tree.baseWeight[nid]);
    removed += 2;
    return true;
  };
  visit(0);
  return removed;
}

/** The leaf value row `row` of `x` (row-major, width `nCols`) reaches, walking like XGBoost's predictor. */
export function leafValue(tree: Tree, x: Float32Array, nCols: number, row: number): number {
  const { left, right, splitIndex, splitCond, defaultLeft } = tree;
  const base = row * nCols;
  let n = 0;
  while (left[n] !== -1) {
    const v = x[base + splitIndex[n]];
    if (Number.isNaN(v)) n = defaultLeft[n] === 1 ? left[n] : right[n];
    else n = v < splitCond[n] ? left[n] : right[n];
  }
  return splitCond[n];
}

/** Adds one tree's leaf values to float32 margins, as XGBoost's prediction cache does. */
export function addTreeToMargins(
  tree: Tree,
  x: Float32Array,
  nRows: number,
  nCols: number,
  margin: Float32Array,
): void {
  for (let r = 0; r < nRows; r++) margin[r] += leafValue(tree, x, nCols, r);
}
