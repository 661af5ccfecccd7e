import { Booster, RawTree, assembleBooster } from './booster';
import { ModelFormatError } from './errors';
import { sigmoid32 } from './predict';

/*
 * XGBoost's legacy binary model (what `save_model('xgboost-model')` writes in 1.x, and what
 * SageMaker's built-in algorithm ships), little-endian, from src/learner.cc and src/gbm/gbtree_model.h:
 *   "binf"                                  optional magic
 *   LearnerModelParamLegacy (136 bytes)     f32 base_score (a probability), u32 num_feature, i32 num_class,
 *                                           i32 contain_extra_attrs, i32 contain_eval_metrics,
 *                                           u32 major, u32 minor, u32 num_target, 26 x i32 reserved
 *   string objective, string booster        (u64 length + bytes)
 *   GBTreeModelParam (160 bytes)            i32 num_trees, i32 num_parallel_tree, i32 num_feature, i32 pad,
 *                                           i64 num_pbuffer (deprecated), i32 num_output_group,
 *                                           i32 size_leaf_vector, 32 x i32 reserved
 *   num_trees x RegTree:
 *     TreeParam (148 bytes)                 i32 num_roots, i32 num_nodes, i32 num_deleted, i32 max_depth,
 *                                           i32 num_feature, i32 size_leaf_vector, 31 x i32 reserved
 *     num_nodes x Node (20 bytes)           i32 parent (top bit: is left child), i32 left, i32 right,
 *                                           u32 sindex (top bit: default left), f32 split cond | leaf value
 *     num_nodes x RTreeNodeStat (16 bytes)  f32 loss_chg, f32 sum_hess, f32 base_weight, i32 leaf_child_cnt
 *   num_trees x i32 tree_info
 *   dart only: u64 count + f32 weight_drop per tree
 *   if contain_extra_attrs: u64 count + (string key, string value) pairs   (best_ntree_limit lives here)
 *   if contain_eval_metrics: u64 count + strings
 */
const LEARNER_PARAM_BYTES = 136;
const GBTREE_PARAM_BYTES = 160;
const TREE_PARAM_BYTES = 148;
const NODE_BYTES = 20;
const STAT_BYTES = 16;

class Reader {
  private pos = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly source: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get offset(): number {
    return this.pos;
  }

  /** Reserves `n` bytes for `what` and returns their offset, or says how short the file is. */
  take(n: number, what: string): number {
    if (this.pos + n > this.bytes.length) {
      throw new ModelFormatError(
        `${this.source}: truncated legacy binary model: ${what} needs ${n} bytes at offset ${this.pos}, ` +
          `the file has ${this.bytes.length - this.pos} left`,
      );
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  i32(at: number): number {
    return this.view.getInt32(at, true);
  }

  u32(at: number): number {
    return this.view.getUint32(at, true);
  }

  f32(at: number): number {
    return this.view.getFloat32(at, true);
  }

  string(what: string): string {
    const at = this.take(8, `the length of ${what}`);
    const length = Number(this.view.getBigUint64(at, true));
    if (length > this.bytes.length) {
      throw new ModelFormatError(
        `${this.source}: ${what} claims ${length} bytes: not a model file, or corrupt`,
      );
    }
    const start = this.take(length, what);
    return new TextDecoder().decode(this.bytes.subarray(start, start + length));
  }

  count(what: string): number {
    const n = Number(this.view.getBigUint64(this.take(8, `the count of ${what}`), true));
    if (n > this.bytes.length)
      throw new ModelFormatError(`${this.source}: ${what} count ${n} is impossible: corrupt`);
    return n;
  }
}

function readTree(r: Reader, t: number, source: string): RawTree {
  const param = r.take(TREE_PARAM_BYTES, `tree ${t}'s TreeParam`);
  const numNodes = r.i32(param + 4);
  if (numNodes < 1 || numNodes * NODE_BYTES > 1 << 30) {
    throw new ModelFormatError(`${source}: tree ${t} claims ${numNodes} nodes: corrupt`);
  }
  if (r.i32(param + 20) !== 0) {
    throw new ModelFormatError(`${source}: tree ${t} has leaf vectors, which this runtime does not evaluate`);
  }
  const nodes = r.take(numNodes * NODE_BYTES, `tree ${t}'s ${numNodes} nodes`);
  const stats = r.take(numNodes * STAT_BYTES, `tree ${t}'s node statistics`);
  const node = (n: number): number => nodes + n * NODE_BYTES;
  return {
    numNodes,
    left: (n) => r.i32(node(n) + 4),
    right: (n) => r.i32(node(n) + 8),
    splitIndex: (n) => r.u32(node(n) + 12) & 0x7fffffff,
    value: (n) => r.f32(node(n) + 16),
    defaultLeft: (n) => r.u32(node(n) + 12) >>> 31 === 1,
    sumHessian: (n) => r.f32(stats + n * STAT_BYTES + 4),
  };
}

export function parseBinaryModel(bytes: Uint8Array, source: string): Booster {
  const r = new Reader(bytes, source);
  if (bytes.length >= 4 && new TextDecoder().decode(bytes.subarray(0, 4)) === 'binf') r.take(4, 'the magic');
  const lp = r.take(LEARNER_PARAM_BYTES, 'the learner parameters');
  const baseScore = r.f32(lp);
  const numFeature = r.u32(lp + 4);
  const numClass = r.i32(lp + 8);
  const hasAttributes = r.i32(lp + 12) !== 0;
  const hasMetrics = r.i32(lp + 16) !== 0;
  const majorVersion = r.u32(lp + 20);
  const objective = r.string('the objective name');
  const booster = r.string('the booster name');
  const header = {
    objective,
    booster,
    numFeature,
    numClass,
    // Before 1.0 the file held base_score as a margin; 1.x loads it through the sigmoid.
    baseScore: majorVersion < 1 ? sigmoid32(baseScore) : baseScore,
    attributes: {} as Record<string, string>,
    treeInfo: new Int32Array(0),
    treeWeights: undefined as Float32Array | undefined,
  };
  // Refuse other boosters before reading their (different) layout as trees.
  if (booster !== 'gbtree' && booster !== 'dart') return assembleBooster(header, [], 'binary', source);
  const gp = r.take(GBTREE_PARAM_BYTES, 'the gbtree parameters');
  const numTrees = r.i32(gp);
  if (numTrees < 0 || numTrees > bytes.length) {
    throw new ModelFormatError(`${source}: num_trees ${numTrees} is impossible: corrupt`);
  }
  const trees: RawTree[] = [];
  for (let t = 0; t < numTrees; t++) trees.push(readTree(r, t, source));
  const info = r.take(4 * numTrees, 'tree_info');
  header.treeInfo = Int32Array.from({ length: numTrees }, (_, t) => r.i32(info + 4 * t));
  if (booster === 'dart') {
    // Dart::Load: the gbtree model, then weight_drop as a vector (u64 count + f32 each).
    const n = r.count('weight_drop');
    const at = r.take(4 * n, 'weight_drop');
    header.treeWeights = Float32Array.from({ length: n }, (_, t) => r.f32(at + 4 * t));
  }
  if (hasAttributes) {
    const n = r.count('attributes');
    for (let i = 0; i < n; i++) {
      const key = r.string(`attribute ${i}'s name`);
      header.attributes[key] = r.string(`attribute "${key}"`);
    }
  }
  if (hasMetrics) {
    const n = r.count('eval metrics');
    for (let i = 0; i < n; i++) r.string(`eval metric ${i}`);
  }
  if (r.offset !== bytes.length) {
    throw new ModelFormatError(
      `${source}: ${bytes.length - r.offset} unexpected bytes after the model end (offset ${r.offset}): corrupt`,
    );
  }
  return assembleBooster(header, trees, 'binary', source);
}
