import { SortedColumns } from './dataset';
import { Tree, emptyTree, expandNode } from './tree';

/** XGBoost's kRtEps: a split must reduce the loss by more than this (float32). */
const RT_EPS = Math.fround(1e-6);
const fround = Math.fround;
/** Layout of the per-node state (see TreeGrower.ns). */
const STRIDE = 8;
const G = 0;
const H = 1;
const SCAN_G = 2;
const SCAN_H = 3;
const LAST = 4;
const ROOT_GAIN = 5;
const SCAN_N = 6;
const N = 7;
/** Below this min_child_weight the skip of a dense column's lowest run (see enumerate) is not exact. */
const SKIP_MIN_RUN_MCW = 1e-6;

export interface GrowParams {
  eta: number;
  maxDepth: number;
  minChildWeight: number;
  lambda: number;
  alpha: number;
}

/**
 * Grows trees like XGBoost 1.7's `grow_colmaker` (tree_method=exact) on one thread:
 * level by level, every feature's sorted column is scanned once per level, backward (missing
 * values go left) and, for columns with missing values, forward too (missing go right). Rows
 * are tracked by `position` (node id, or negative once they sit in a finished leaf), so a
 * level costs O(non-missing entries) with no allocation per row. Float32 wherever XGBoost
 * rounds to float (gains, weights, thresholds), float64 for gradient sums (its GradStats).
 */
export class TreeGrower {
  private readonly position: Int32Array;
  /** Gradient and hessian of each row, interleaved (float32 values held as float64). */
  private readonly gh: Float64Array;
  private readonly p: {
    eta: number;
    minChildWeight: number;
    lambda: number;
    alpha: number;
    maxDepth: number;
  };
  private cap = 0;
  /**
   * Per node, the fields the scan touches, packed in one 64-byte stride (one cache line):
   * gradient/hessian sums, the running sums of the current scan and its last value, the
   * node's own gain, and row counts (of the scan, of the node).
   */
  private ns = new Float64Array(0);
  private bLoss = new Float64Array(0);
  private bFid = new Int32Array(0);
  private weight = new Float64Array(0);
  private bCond = new Float64Array(0);
  private bDefaultLeft = new Uint8Array(0);

  constructor(
    private readonly x: Float32Array,
    private readonly nRows: number,
    private readonly nCols: number,
    private readonly cols: SortedColumns,
    params: GrowParams,
  ) {
    this.position = new Int32Array(nRows);
    this.gh = new Float64Array(2 * nRows);
    this.p = {
      eta: fround(params.eta),
      minChildWeight: fround(params.minChildWeight),
      lambda: fround(params.lambda),
      alpha: fround(params.alpha),
      maxDepth: params.maxDepth,
    };
  }

  /**
   * One tree from float32 gradients/hessians. `rowSampled` (subsample) leaves rows out;
   * `features` (colsample_bytree, ascending) limits the features split on.
   */
  grow(grad: Float32Array, hess: Float32Array, features: Int32Array, rowSampled?: Uint8Array): Tree {
    const { position, nRows, gh } = this;
    const tree = emptyTree();
    for (let r = 0; r < nRows; r++) {
      gh[2 * r] = grad[r];
      gh[2 * r + 1] = hess[r];
      position[r] = hess[r] < 0 || (rowSampled !== undefined && rowSampled[r] === 0) ? ~0 : 0;
    }
    let expand = [0];
    this.initNodes(expand);
    for (let depth = 0; depth < this.p.maxDepth && expand.length > 0; depth++) {
      for (let i = 0; i < features.length; i++) {
        const f = features[i];
        const c = this.cols;
        const n = c.start[f + 1] - c.start[f];
        const constant = n !== 0 && c.value[c.start[f]] === c.value[c.start[f + 1] - 1];
        // XGBoost scans forward only when the column has missing values (and is not constant).
        if (c.density[f] < 1 && !constant) this.enumerate(f, 1, expand);
        this.enumerate(f, -1, expand);
      }
      const next: number[] = [];
      for (const nid of expand) {
        if (this.bLoss[nid] > RT_EPS) {
          const l = expandNode(tree, nid, this.bFid[nid], this.bCond[nid], this.bDefaultLeft[nid] === 1);
          next.push(l, l + 1);
        } else {
          tree.splitCond[nid] = fround(this.weight[nid] * this.p.eta);
        }
      }
      this.resetPositions(tree);
      expand = next;
      this.initNodes(expand);
    }
    for (const nid of expand) tree.splitCond[nid] = fround(this.weight[nid] * this.p.eta);
    for (let nid = 0; nid < tree.left.length; nid++) {
      tree.lossChg[nid] = this.bLoss[nid];
      tree.baseWeight[nid] = this.weight[nid];
      tree.sumHess[nid] = fround(this.ns[nid * STRIDE + H]);
    }
    return tree;
  }

  /** Gradient sums (row order, float64), weight and gain of fresh nodes; clears their best split. */
  private initNodes(nodes: number[]): void {
    if (nodes.length === 0) return;
    this.ensureCapacity(nodes[nodes.length - 1] + 1);
    const { position, ns, gh } = this;
    for (const nid of nodes) {
      ns.fill(0, nid * STRIDE, (nid + 1) * STRIDE);
      this.bLoss[nid] = 0;
      this.bFid[nid] = 0;
      this.bCond[nid] = 0;
      this.bDefaultLeft[nid] = 0;
    }
    for (let r = 0; r < this.nRows; r++) {
      const nid = position[r];
      if (nid < 0) continue;
      ns[nid * STRIDE + G] += gh[2 * r];
      ns[nid * STRIDE + H] += gh[2 * r + 1];
      ns[nid * STRIDE + N]++;
    }
    for (const nid of nodes) {
      const o = nid * STRIDE;
      this.weight[nid] = this.calcWeight(ns[o + G], ns[o + H]);
      ns[o + ROOT_GAIN] = this.gain(ns[o + G], ns[o + H]);
    }
  }

  /** XGBoost's CalcWeight: -ThresholdL1(G, alpha) / (H + lambda), 0 below min_child_weight; float32. */
  calcWeight(g: number, h: number): number {
    if (h < this.p.minChildWeight || h <= 0) return 0;
    return fround(-thresholdL1(g, this.p.alpha) / (h + this.p.lambda));
  }

  /**
   * The split evaluator's CalcGainGivenWeight for max_delta_step = 0: ThresholdL1(G)^2 / (H + lambda),
   * the square and the denominator computed in float64 but divided in float32 (XGBoost 1.7's
   * `Divide(float, float)`), which is what makes loss_changes agree to the last bit.
   */
  gain(g: number, h: number): number {
    if (h <= 0) return 0;
    const t = this.p.alpha === 0 ? g : thresholdL1(g, this.p.alpha);
    return fround(fround(t * t) / fround(h + this.p.lambda));
  }

  /**
   * XGBoost's EnumerateSplit for one feature in one direction (+1 forward, -1 backward). The
   * hot loop of training: everything it touches is a local typed array and the gain formula
   * is inlined (it is `gain()` twice minus the node's own).
   *
   * One shortcut, exact: a dense column's backward scan ends in the run of its lowest value
   * (the zeros of a one-hot column, most of it). There, each node meets one candidate (at its
   * first entry) and the rest only grows sums that feed the final all-vs-missing candidate,
   * which a dense column cannot pass (its other side weighs ~0 < min_child_weight). So the
   * run is not walked: the candidate is scored for every node that has rows in it.
   */
  private enumerate(f: number, dir: 1 | -1, expand: number[]): void {
    const { position, ns, gh } = this;
    const { row, value, start } = this.cols;
    const { minChildWeight: mcw, lambda, alpha } = this.p;
    const l1 = alpha !== 0;
    const dense = start[f + 1] - start[f] === this.nRows;
    const skipMinRun = dir === -1 && dense && mcw >= SKIP_MIN_RUN_MCW;
    for (const nid of expand) {
      ns[nid * STRIDE + SCAN_G] = 0;
      ns[nid * STRIDE + SCAN_H] = 0;
      ns[nid * STRIDE + SCAN_N] = 0;
    }
    const from = dir === 1 ? start[f] : start[f + 1] - 1;
    const to = dir === 1 ? start[f + 1] : skipMinRun ? this.cols.minRunEnd[f] - 1 : start[f] - 1;
    for (let k = from; k !== to; k += dir) {
      const r = row[k];
      const nid = position[r];
      if (nid < 0) continue;
      const v = value[k];
      const o = nid * STRIDE;
      const h = ns[o + SCAN_H];
      const g = ns[o + SCAN_G];
      if (h !== 0 && v !== ns[o + LAST] && h >= mcw) {
        const cH = ns[o + H] - h;
        if (cH >= mcw) {
          const cG = ns[o + G] - g;
          const a = l1 ? thresholdL1(g, alpha) : g;
          const b = l1 ? thresholdL1(cG, alpha) : cG;
          // gain() of each side: h > 0 here, and cH >= mcw >= 0 (cH = 0 scores 0).
          const gainA = fround(fround(a * a) / fround(h + lambda));
          const gainB = cH > 0 ? fround(fround(b * b) / fround(cH + lambda)) : 0;
          const loss = fround(fround(gainA + gainB) - ns[o + ROOT_GAIN]);
          if (loss > this.bLoss[nid] || this.bFid[nid] > f) {
            const last = ns[o + LAST];
            const mid = fround(fround(v + last) * 0.5);
            this.update(nid, loss, f, mid !== v ? mid : dir === 1 ? v : last, dir === -1);
          }
        }
      }
      ns[o + SCAN_G] = g + gh[2 * r];
      ns[o + SCAN_H] = h + gh[2 * r + 1];
      ns[o + SCAN_N]++;
      ns[o + LAST] = v;
    }
    if (skipMinRun) {
      const v = value[start[f]];
      for (const nid of expand) {
        const o = nid * STRIDE;
        if (ns[o + SCAN_N] < ns[o + N]) this.scoreCandidate(nid, f, v, -1);
      }
      return;
    }
    // All present values on one side, the missing ones on the other.
    for (const nid of expand) {
      const o = nid * STRIDE;
      const h = ns[o + SCAN_H];
      const cH = ns[o + H] - h;
      if (h >= mcw && cH >= mcw) {
        const cG = ns[o + G] - ns[o + SCAN_G];
        const loss = fround(fround(this.gain(ns[o + SCAN_G], h) + this.gain(cG, cH)) - ns[o + ROOT_GAIN]);
        const gap = fround(Math.abs(ns[o + LAST]) + RT_EPS);
        this.update(nid, loss, f, fround(ns[o + LAST] + (dir === 1 ? gap : -gap)), dir === -1);
      }
    }
  }

  /** The in-loop candidate of `enumerate` at value `v` for node `nid`, as a call. */
  private scoreCandidate(nid: number, f: number, v: number, dir: 1 | -1): void {
    const o = nid * STRIDE;
    const { ns } = this;
    const h = ns[o + SCAN_H];
    const mcw = this.p.minChildWeight;
    if (h === 0 || v === ns[o + LAST] || h < mcw) return;
    const cH = ns[o + H] - h;
    if (cH < mcw) return;
    const cG = ns[o + G] - ns[o + SCAN_G];
    const loss = fround(fround(this.gain(ns[o + SCAN_G], h) + this.gain(cG, cH)) - ns[o + ROOT_GAIN]);
    const last = ns[o + LAST];
    const mid = fround(fround(v + last) * 0.5);
    this.update(nid, loss, f, mid !== v ? mid : dir === 1 ? v : last, dir === -1);
  }

  /** SplitEntry::Update: a lower feature index wins ties, a higher one must be strictly better. */
  private update(nid: number, loss: number, f: number, cond: number, defaultLeft: boolean): void {
    const cur = this.bLoss[nid];
    if (loss === Infinity || loss === -Infinity) return;
    const replace = this.bFid[nid] <= f ? loss > cur : !(cur > loss);
    if (!replace) return;
    this.bLoss[nid] = loss;
    this.bFid[nid] = f;
    this.bCond[nid] = cond;
    this.bDefaultLeft[nid] = defaultLeft ? 1 : 0;
  }

  /** Sends each row of a node just split to its child; rows of nodes that became leaves are retired. */
  private resetPositions(tree: Tree): void {
    const { position, x, nCols } = this;
    const { left, right, splitIndex, splitCond, defaultLeft } = tree;
    for (let r = 0; r < this.nRows; r++) {
      const nid = position[r];
      if (nid < 0) continue;
      const l = left[nid];
      if (l === -1) {
        position[r] = ~nid;
        continue;
      }
      const v = x[r * nCols + splitIndex[nid]];
      if (Number.isNaN(v)) position[r] = defaultLeft[nid] === 1 ? l : right[nid];
      else position[r] = v < splitCond[nid] ? l : right[nid];
    }
  }

  private ensureCapacity(n: number): void {
    if (n <= this.cap) return;
    const cap = Math.max(n, this.cap * 2, 64);
    this.ns = grown(this.ns, new Float64Array(cap * STRIDE));
    this.bLoss = grown(this.bLoss, new Float64Array(cap));
    this.bFid = grown(this.bFid, new Int32Array(cap));
    this.weight = grown(this.weight, new Float64Array(cap));
    this.bCond = grown(this.bCond, new Float64Array(cap));
    this.bDefaultLeft = grown(this.bDefaultLeft, new Uint8Array(cap));
    this.cap = cap;
  }
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(old: T, fresh: T): T {
  fresh.set(old);
  return fresh;
}

/** XGBoost's ThresholdL1: soft-thresholds the gradient sum by alpha. */
export function thresholdL1(w: number, alpha: number): number {
  if (w > alpha) return w - alpha;
  if (w < -alpha) return w + alpha;
  return 0;
}
