import { Booster } from './booster';

/*
 * Exact path-dependent TreeSHAP from per-leaf tables (the idea of FastTreeSHAP v2, Yang,
 * arXiv:2109.09847). A leaf whose root path splits on the unique features P (d = |P|) adds to
 * feature j in P
 *
 *   v * ([j in H] - z_j) * prod_{k in P\H, k != j} z_k * sum_s W(s, d) * e_s(z over H\{j})
 *
 * where z_k is the product of cover fractions of the path's splits on k, H ("hot") the features
 * whose every split on the path the row follows, W(s, d) = s! (d-s-1)! / d!, and e_s the sum of
 * the products of z over the complements of the s-subsets. It depends on the row only through H,
 * so each leaf keeps a table over its 2^d hot sets, built once at load; explaining a row is then
 * one pass over the path nodes of every leaf and one table row per leaf, with no recursion.
 * The values equal Algorithm 2's (shap.ts) up to float64 rounding; a test holds them together.
 */

/** 2^d * d entries per leaf: past this many in all (32 MB of float64) the recursive method is used. */
const MAX_TABLE_ENTRIES = 4_000_000;
/** A path with more unique features than this has a table too big to be worth it. */
const MAX_UNIQUE_FEATURES = 12;

export interface LeafTables {
  /** Per leaf: where its path nodes start (end = next leaf's start), its d, its first table entry. */
  readonly leafNodeStart: Int32Array;
  readonly leafWidth: Int32Array;
  readonly leafTableStart: Int32Array;
  /** Per path node: the node, the bit of its feature within the leaf's P, and the path's direction. */
  readonly pathNode: Int32Array;
  readonly pathBit: Int32Array;
  readonly pathGoesLeft: Uint8Array;
  /** Per leaf, its d features (model indices), then table[hot * d + j]. */
  readonly leafFeatures: Int32Array;
  readonly table: Float64Array;
  readonly bias: number;
}

function shapleyWeights(d: number): Float64Array {
  const w = new Float64Array(d);
  for (let s = 0; s < d; s++) {
    let x = 1 / d;
    // s! (d-s-1)! / d! = 1 / (d * C(d-1, s)), built up without large factorials.
    for (let i = 1; i <= s; i++) x *= i / (d - i);
    w[s] = x;
  }
  return w;
}

function fillLeafTable(z: number[], value: number, out: Float64Array, at: number): void {
  const d = z.length;
  const weights = shapleyWeights(d);
  const coef = new Float64Array(d + 1);
  for (let hot = 0; hot < 1 << d; hot++) {
    for (let j = 0; j < d; j++) {
      // coef[s]: coefficients of prod over H\{j} of (x + z_k); `cold`: product of z over P\H\{j}.
      coef.fill(0);
      coef[0] = 1;
      let size = 0;
      let cold = 1;
      for (let k = 0; k < d; k++) {
        if (k === j) continue;
        if (hot & (1 << k)) {
          for (let s = size + 1; s >= 1; s--) coef[s] = coef[s] * z[k] + coef[s - 1];
          coef[0] *= z[k];
          size++;
        } else {
          cold *= z[k];
        }
      }
      let sum = 0;
      for (let s = 0; s <= size; s++) sum += weights[s] * coef[s];
      const inHot = hot & (1 << j) ? 1 : 0;
      out[at + hot * d + j] = value * (inHot - z[j]) * cold * sum;
    }
  }
}

interface Leaf {
  node: number;
  path: number[];
  goesLeft: number[];
}

function leavesOf(b: Booster, t: number): Leaf[] {
  const { root, left } = b.trees;
  const leaves: Leaf[] = [];
  const path: number[] = [];
  const goesLeft: number[] = [];
  const walk = (n: number): void => {
    if (left[n] < 0) {
      leaves.push({ node: n, path: [...path], goesLeft: [...goesLeft] });
      return;
    }
    path.push(n);
    goesLeft.push(1);
    walk(left[n]);
    goesLeft[goesLeft.length - 1] = 0;
    walk(left[n] + 1);
    path.pop();
    goesLeft.pop();
  };
  walk(root[t]);
  return leaves;
}

/** The tables of a model, or undefined when they would take more memory than they are worth. */
export function buildLeafTables(b: Booster, maxEntries = MAX_TABLE_ENTRIES): LeafTables | undefined {
  const { left, splitIndex, value, cover, meanValue, root } = b.trees;
  const leaves: { leaf: Leaf; features: number[]; bits: number[]; z: number[] }[] = [];
  let entries = 0;
  let pathLength = 0;
  for (let t = 0; t < b.numTrees; t++) {
    for (const leaf of leavesOf(b, t)) {
      const features: number[] = [];
      const z: number[] = [];
      const bits: number[] = [];
      leaf.path.forEach((n, i) => {
        const child = leaf.goesLeft[i] ? left[n] : left[n] + 1;
        let at = features.indexOf(splitIndex[n]);
        if (at < 0) {
          at = features.push(splitIndex[n]) - 1;
          z.push(1);
        }
        z[at] *= cover[child] / cover[n];
        bits.push(1 << at);
      });
      if (features.length > MAX_UNIQUE_FEATURES) return undefined;
      entries += (1 << features.length) * features.length;
      if (entries > maxEntries) return undefined;
      pathLength += leaf.path.length;
      leaves.push({ leaf, features, bits, z });
    }
  }
  const tables = {
    leafNodeStart: new Int32Array(leaves.length + 1),
    leafWidth: new Int32Array(leaves.length),
    leafTableStart: new Int32Array(leaves.length),
    pathNode: new Int32Array(pathLength),
    pathBit: new Int32Array(pathLength),
    pathGoesLeft: new Uint8Array(pathLength),
    leafFeatures: new Int32Array(leaves.reduce((n, l) => n + l.features.length, 0)),
    table: new Float64Array(entries),
    bias: b.baseMargin,
  };
  let node = 0;
  let feature = 0;
  let entry = 0;
  leaves.forEach(({ leaf, features, bits, z }, i) => {
    tables.leafNodeStart[i] = node;
    tables.leafWidth[i] = features.length;
    tables.leafTableStart[i] = entry;
    leaf.path.forEach((n, k) => {
      tables.pathNode[node] = n;
      tables.pathBit[node] = bits[k];
      tables.pathGoesLeft[node] = leaf.goesLeft[k];
      node++;
    });
    tables.leafFeatures.set(features, feature);
    feature += features.length;
    fillLeafTable(z, value[leaf.node], tables.table, entry);
    entry += (1 << features.length) * features.length;
  });
  tables.leafNodeStart[leaves.length] = node;
  let bias = b.baseMargin;
  for (let t = 0; t < b.numTrees; t++) bias += meanValue[root[t]];
  return { ...tables, bias };
}

/** SHAP values of one row from the tables: `numFeature + 1` values, the bias last. */
export function explainByLeafTables(b: Booster, tables: LeafTables, row: Float32Array): Float64Array {
  const { splitIndex, value, defaultLeft } = b.trees;
  const { leafNodeStart, leafWidth, leafTableStart, pathNode, pathBit, pathGoesLeft, leafFeatures, table } =
    tables;
  const phi = new Float64Array(b.numFeature + 1);
  let feature = 0;
  for (let l = 0; l < leafWidth.length; l++) {
    // A feature is cold when the row leaves the path at any of its splits.
    let cold = 0;
    for (let i = leafNodeStart[l]; i < leafNodeStart[l + 1]; i++) {
      const n = pathNode[i];
      const v = row[splitIndex[n]];
      const goesLeft = v < value[n] || (v !== v && defaultLeft[n] === 1) ? 1 : 0;
      if (goesLeft !== pathGoesLeft[i]) cold |= pathBit[i];
    }
    const d = leafWidth[l];
    const base = leafTableStart[l] + (((1 << d) - 1) & ~cold) * d;
    for (let j = 0; j < d; j++) phi[leafFeatures[feature + j]] += table[base + j];
    feature += d;
  }
  phi[b.numFeature] = tables.bias;
  return phi;
}
