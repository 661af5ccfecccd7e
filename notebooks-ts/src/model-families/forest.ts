import { createRng, randomInt, Rng } from '@telco-churn/core/random';
import { Dataset } from '../dataset';
import { ModelKind, Params, readSaved } from './types';

export interface ForestParams extends Params {
  nTrees: number;
  maxDepth: number;
  minLeaf: number;
  /** Share of the columns tried at each split. */
  maxFeatures: number;
  maxBins: number;
}

/** One tree as parallel arrays; a leaf has feature -1 and `value` = weighted churn share. */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface ForestModel {
  nCols: number;
  trees: Tree[];
}

/**
 * Split candidates per column: the midpoints between consecutive distinct values, thinned to
 * at most `maxBins - 1` quantile cuts. Most of our columns are 0/1 and get the single cut 0.5.
 */
function binEdges(data: Dataset, maxBins: number): Float64Array[] {
  const { x, nRows, nCols } = data;
  const edges: Float64Array[] = [];
  for (let j = 0; j < nCols; j++) {
    const values = new Float64Array(nRows);
    for (let i = 0; i < nRows; i++) values[i] = x[i * nCols + j];
    values.sort();
    const distinct: number[] = [];
    for (let i = 0; i < nRows; i++) if (i === 0 || values[i] !== values[i - 1]) distinct.push(values[i]);
    let cuts: number[] = [];
    for (let i = 1; i < distinct.length; i++) cuts.push(Math.fround((distinct[i - 1] + distinct[i]) / 2));
    if (cuts.length > maxBins - 1) {
      const q: number[] = [];
      for (let b = 1; b < maxBins; b++) q.push(values[Math.floor((b * nRows) / maxBins)]);
      cuts = [...new Set(q)].filter((v) => v > values[0]);
    }
    edges.push(Float64Array.from(cuts));
  }
  return edges;
}

/** Bin index of each value: the number of cuts it is not below (x < cut goes left). */
function binColumns(data: Dataset, edges: Float64Array[]): Uint8Array[] {
  return edges.map((cuts, j) => {
    const bins = new Uint8Array(data.nRows);
    for (let i = 0; i < data.nRows; i++) {
      const v = data.x[i * data.nCols + j];
      let lo = 0;
      let hi = cuts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v < cuts[mid]) hi = mid;
        else lo = mid + 1;
      }
      bins[i] = lo;
    }
    return bins;
  });
}

interface Grow {
  bins: Uint8Array[];
  edges: Float64Array[];
  y: Float32Array;
  w: Float64Array;
  params: ForestParams;
  rng: Rng;
  tree: Tree;
}

const gini = (pos: number, total: number): number => (total <= 0 ? 0 : 2 * pos * (1 - pos / total));

function grow(g: Grow, rows: Int32Array, depth: number): number {
  const { tree, bins, edges, y, w, params } = g;
  let total = 0;
  let pos = 0;
  let count = 0;
  for (const i of rows) {
    total += w[i];
    if (y[i] === 1) pos += w[i];
    count++;
  }
  const node = tree.feature.length;
  tree.feature.push(-1);
  tree.threshold.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.value.push(total > 0 ? pos / total : 0);
  if (depth >= params.maxDepth || count < 2 * params.minLeaf || pos === 0 || pos === total) return node;

  const nCols = bins.length;
  const tries = Math.max(1, Math.round(params.maxFeatures * nCols));
  const columns = Int32Array.from({ length: nCols }, (_, j) => j);
  let bestGain = 1e-12;
  let bestCol = -1;
  let bestBin = -1;
  const parent = gini(pos, total);
  for (let t = 0; t < tries; t++) {
    const pickAt = t + Math.floor(g.rng() * (nCols - t));
    const j = columns[pickAt];
    columns[pickAt] = columns[t];
    columns[t] = j;
    const nBins = edges[j].length + 1;
    if (nBins < 2) continue;
    const wHist = new Float64Array(nBins);
    const pHist = new Float64Array(nBins);
    const cHist = new Int32Array(nBins);
    const col = bins[j];
    for (const i of rows) {
      const b = col[i];
      wHist[b] += w[i];
      cHist[b]++;
      if (y[i] === 1) pHist[b] += w[i];
    }
    let lw = 0;
    let lp = 0;
    let lc = 0;
    for (let b = 0; b < nBins - 1; b++) {
      lw += wHist[b];
      lp += pHist[b];
      lc += cHist[b];
      if (lc < params.minLeaf) continue;
      if (count - lc < params.minLeaf) break;
      const gain = parent - gini(lp, lw) - gini(pos - lp, total - lw);
      if (gain > bestGain) {
        bestGain = gain;
        bestCol = j;
        bestBin = b;
      }
    }
  }
  if (bestCol < 0) return node;
  const col = bins[bestCol];
  const leftRows = rows.filter((i) => col[i] <= bestBin);
  const rightRows = rows.filter((i) => col[i] > bestBin);
  tree.feature[node] = bestCol;
  tree.threshold[node] = edges[bestCol][bestBin];
  tree.left[node] = grow(g, leftRows, depth + 1);
  tree.right[node] = grow(g, rightRows, depth + 1);
  return node;
}

/** A random forest of Gini CART trees on bootstrap samples, splits searched over binned columns. */
export function fitForest(data: Dataset, params: ForestParams, seed: number): ForestModel {
  const edges = binEdges(data, params.maxBins);
  const bins = binColumns(data, edges);
  const rng = createRng(seed);
  const trees: Tree[] = [];
  for (let t = 0; t < params.nTrees; t++) {
    // A bootstrap sample as multiplicities: row weight times how often it was drawn.
    const w = new Float64Array(data.nRows);
    for (let k = 0; k < data.nRows; k++) w[Math.floor(rng() * data.nRows)] += 1;
    const rows: number[] = [];
    for (let i = 0; i < data.nRows; i++) {
      if (w[i] > 0) {
        w[i] *= data.weight ? data.weight[i] : 1;
        rows.push(i);
      }
    }
    const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
    grow({ bins, edges, y: data.y, w, params, rng, tree }, Int32Array.from(rows), 0);
    trees.push(tree);
  }
  return { nCols: data.nCols, trees };
}

export function predictForest(model: ForestModel, x: Float32Array, nRows: number): Float64Array {
  const out = new Float64Array(nRows);
  const { nCols } = model;
  for (let i = 0; i < nRows; i++) {
    let sum = 0;
    for (const tree of model.trees) {
      let n = 0;
      while (tree.feature[n] >= 0)
        n = x[i * nCols + tree.feature[n]] < tree.threshold[n] ? tree.left[n] : tree.right[n];
      sum += tree.value[n];
    }
    out[i] = sum / model.trees.length;
  }
  return out;
}

export const randomForest: ModelKind<ForestParams, ForestModel> = {
  name: 'random_forest',
  label: 'Random forest',
  defaults: { nTrees: 200, maxDepth: 10, minLeaf: 5, maxFeatures: 0.3, maxBins: 32 },
  sample: (rng) => ({
    nTrees: 200,
    maxDepth: randomInt(rng, 4, 16),
    minLeaf: randomInt(rng, 1, 30),
    maxFeatures: 0.1 + 0.5 * rng(),
    maxBins: 32,
  }),
  fit: (data, params, { seed }) => fitForest(data, params, seed),
  predict: predictForest,
  toJson: (m) => ({ kind: 'random_forest', ...m }),
  fromJson(json) {
    const s = readSaved(json, 'random_forest');
    return { nCols: Number(s.nCols), trees: s.trees as Tree[] };
  },
};
