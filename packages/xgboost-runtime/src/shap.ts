import { Booster } from './booster';
import { LeafTables, buildLeafTables, explainByLeafTables } from './leaf-shap';

/*
 * Exact TreeSHAP (Lundberg, Erion & Lee, arXiv:1802.03888, Algorithm 2), following xgboost's
 * src/tree/tree_model.cc (ExtendPath, UnwindPath, UnwoundPathSum, TreeShap) with the
 * interaction `condition` fixed at 0, in float64. Branches are weighted by the training cover
 * (sum_hessian); the bias is the cover-weighted mean leaf of each tree plus the base margin.
 *
 * The "unique path" of each recursion level is a slice of four parallel arrays; level d's slice
 * starts right after its parent's, exactly as xgboost's pointer arithmetic lays it out.
 */
interface Scratch {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  weight: Float64Array;
}

const scratchFor = new WeakMap<Booster, Scratch>();

function scratch(b: Booster): Scratch {
  let s = scratchFor.get(b);
  if (!s) {
    const maxd = b.trees.maxDepth + 3;
    const size = (maxd * (maxd + 1)) / 2 + maxd;
    s = {
      feature: new Int32Array(size),
      zero: new Float64Array(size),
      one: new Float64Array(size),
      weight: new Float64Array(size),
    };
    scratchFor.set(b, s);
  }
  return s;
}

function extendPath(s: Scratch, p: number, depth: number, zero: number, one: number, feature: number): void {
  const w = s.weight;
  s.feature[p + depth] = feature;
  s.zero[p + depth] = zero;
  s.one[p + depth] = one;
  w[p + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    w[p + i + 1] += (one * w[p + i] * (i + 1)) / (depth + 1);
    w[p + i] = (zero * w[p + i] * (depth - i)) / (depth + 1);
  }
}

function unwindPath(s: Scratch, p: number, depth: number, index: number): void {
  const w = s.weight;
  const one = s.one[p + index];
  const zero = s.zero[p + index];
  let next = w[p + depth];
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = w[p + i];
      w[p + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - (w[p + i] * zero * (depth - i)) / (depth + 1);
    } else {
      w[p + i] = (w[p + i] * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    s.feature[p + i] = s.feature[p + i + 1];
    s.zero[p + i] = s.zero[p + i + 1];
    s.one[p + i] = s.one[p + i + 1];
  }
}

function unwoundPathSum(s: Scratch, p: number, depth: number, index: number): number {
  const w = s.weight;
  const one = s.one[p + index];
  const zero = s.zero[p + index];
  let next = w[p + depth];
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = w[p + i] - tmp * zero * ((depth - i) / (depth + 1));
    } else if (zero !== 0) {
      total += w[p + i] / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

function treeShap(
  b: Booster,
  s: Scratch,
  row: Float32Array,
  phi: Float64Array,
  node: number,
  depth: number,
  parent: number,
  zeroFraction: number,
  oneFraction: number,
  feature: number,
): void {
  const { left, splitIndex, value, defaultLeft, cover } = b.trees;
  const p = parent + depth + 1;
  for (let i = 0; i <= depth; i++) {
    s.feature[p + i] = s.feature[parent + i];
    s.zero[p + i] = s.zero[parent + i];
    s.one[p + i] = s.one[parent + i];
    s.weight[p + i] = s.weight[parent + i];
  }
  extendPath(s, p, depth, zeroFraction, oneFraction, feature);
  const l = left[node];
  if (l < 0) {
    for (let i = 1; i <= depth; i++) {
      const w = unwoundPathSum(s, p, depth, i);
      phi[s.feature[p + i]] += w * (s.one[p + i] - s.zero[p + i]) * value[node];
    }
    return;
  }
  const split = splitIndex[node];
  const v = row[split];
  const hot = v < value[node] || (v !== v && defaultLeft[node] === 1) ? l : l + 1;
  const cold = hot === l ? l + 1 : l;
  const w = cover[node];
  let incomingZero = 1;
  let incomingOne = 1;
  // Split on this feature already on the path: undo it, so that it is redone here.
  let index = 0;
  while (index <= depth && s.feature[p + index] !== split) index++;
  if (index <= depth) {
    incomingZero = s.zero[p + index];
    incomingOne = s.one[p + index];
    unwindPath(s, p, depth, index);
    depth -= 1;
  }
  treeShap(b, s, row, phi, hot, depth + 1, p, (cover[hot] / w) * incomingZero, incomingOne, split);
  treeShap(b, s, row, phi, cold, depth + 1, p, (cover[cold] / w) * incomingZero, 0, split);
}

/** Algorithm 2 itself: the reference, and the method for models whose leaf tables would be too big. */
export function explainRecursive(b: Booster, row: Float32Array): Float64Array {
  checkRow(b, row);
  const s = scratch(b);
  const phi = new Float64Array(b.numFeature + 1);
  const { root, meanValue } = b.trees;
  for (let t = 0; t < b.numTrees; t++) {
    phi[b.numFeature] += meanValue[root[t]];
    treeShap(b, s, row, phi, root[t], 0, 0, 1, 1, -1);
  }
  phi[b.numFeature] += b.baseMargin;
  return phi;
}

function checkRow(b: Booster, row: Float32Array): void {
  if (row.length !== b.numFeature) {
    throw new RangeError(`expected one row of ${b.numFeature} features, got ${row.length} values`);
  }
}

const tablesFor = new WeakMap<Booster, LeafTables | null>();

/** Tables made earlier (a compiled booster's), so `explain` does not build them; null: none fit. */
export function useLeafTables(b: Booster, tables: LeafTables | null): void {
  tablesFor.set(b, tables);
}

/**
 * SHAP values of one row: `numFeature + 1` log-odds contributions, the bias last; they sum to
 * the margin (up to float rounding). Matches xgboost's `pred_contribs=True`. Uses per-leaf
 * tables (leaf-shap.ts, built on first use) when they fit in memory: 3-5x faster per row.
 */
export function explain(b: Booster, row: Float32Array): Float64Array {
  checkRow(b, row);
  let tables = tablesFor.get(b);
  if (tables === undefined) {
    tables = buildLeafTables(b) ?? null;
    tablesFor.set(b, tables);
  }
  return tables ? explainByLeafTables(b, tables, row) : explainRecursive(b, row);
}
