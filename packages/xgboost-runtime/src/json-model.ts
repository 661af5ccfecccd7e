import { Booster, RawTree, assembleBooster } from './booster';
import { ModelFormatError } from './errors';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function field(obj: unknown, path: string[], source: string): unknown {
  let at: unknown = obj;
  for (let i = 0; i < path.length; i++) {
    if (!isObject(at) || !(path[i] in at)) {
      throw new ModelFormatError(`${source}: the model has no "${path.slice(0, i + 1).join('.')}"`);
    }
    at = at[path[i]];
  }
  return at;
}

/** learner_model_param and tree_param values are strings in 1.7 ("5E-1", "46"); 2.x writes "[5E-1]". */
function numberField(obj: unknown, path: string[], source: string): number {
  const raw = field(obj, path, source);
  const text = typeof raw === 'string' ? raw.replace(/^\[(.*)\]$/, '$1').trim() : undefined;
  const value = text === undefined ? raw : text === '' ? NaN : Number(text);
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new ModelFormatError(`${source}: "${path.join('.')}" is ${JSON.stringify(raw)}, not a number`);
  }
  return value;
}

function numberArray(tree: Json, key: string, length: number, where: string): ArrayLike<number> {
  const values = tree[key];
  if (!Array.isArray(values)) throw new ModelFormatError(`${where} has no array "${key}"`);
  if (values.length !== length) {
    throw new ModelFormatError(
      `${where}: "${key}" has ${values.length} values, expected ${length} (num_nodes)`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'number') {
      throw new ModelFormatError(`${where}: "${key}"[${i}] is ${JSON.stringify(values[i])}, not a number`);
    }
  }
  return values as number[];
}

function rawTree(tree: unknown, t: number, source: string): RawTree {
  const where = `${source}: tree ${t}`;
  if (!isObject(tree)) throw new ModelFormatError(`${where} is not an object`);
  const numNodes = numberField(tree, ['tree_param', 'num_nodes'], where);
  const left = numberArray(tree, 'left_children', numNodes, where);
  const right = numberArray(tree, 'right_children', numNodes, where);
  const split = numberArray(tree, 'split_indices', numNodes, where);
  const cond = numberArray(tree, 'split_conditions', numNodes, where);
  const defaultLeft = numberArray(tree, 'default_left', numNodes, where);
  const hess = numberArray(tree, 'sum_hessian', numNodes, where);
  const splitType = Array.isArray(tree.split_type) ? (tree.split_type as number[]) : undefined;
  return {
    numNodes,
    left: (n) => left[n],
    right: (n) => right[n],
    splitIndex: (n) => split[n],
    // JSON holds the shortest decimal of each float32; fround gets the float32 back exactly.
    value: (n) => Math.fround(cond[n]),
    defaultLeft: (n) => defaultLeft[n] !== 0,
    sumHessian: (n) => Math.fround(hess[n]),
    isCategorical: (n) => splitType !== undefined && splitType[n] !== 0,
  };
}

/** XGBoost 1.7 JSON (`Booster.save_model('m.json')`, or a SageMaker `xgboost-model` holding JSON). */
export function parseJsonModel(text: string, source: string): Booster {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new ModelFormatError(`${source}: not valid JSON (${(cause as Error).message}); truncated?`, {
      cause,
    });
  }
  const learner = field(doc, ['learner'], source);
  const booster = String(field(learner, ['gradient_booster', 'name'], source));
  const objective = String(field(learner, ['objective', 'name'], source));
  const header = {
    booster,
    objective,
    numFeature: numberField(learner, ['learner_model_param', 'num_feature'], source),
    numClass: numberField(learner, ['learner_model_param', 'num_class'], source),
    baseScore: numberField(learner, ['learner_model_param', 'base_score'], source),
    attributes: {} as Record<string, string>,
    featureNames: undefined as string[] | undefined,
    treeInfo: [] as number[],
    treeWeights: undefined as number[] | undefined,
  };
  const attributes = isObject(learner) ? learner.attributes : undefined;
  if (isObject(attributes)) {
    for (const [k, v] of Object.entries(attributes)) header.attributes[k] = String(v);
  }
  const names = isObject(learner) ? learner.feature_names : undefined;
  if (Array.isArray(names) && names.length > 0) header.featureNames = names.map(String);
  if (booster !== 'gbtree' && booster !== 'dart') return assembleBooster(header, [], 'json', source);
  // dart wraps a gbtree model and adds one weight per tree.
  const model = field(
    learner,
    booster === 'dart' ? ['gradient_booster', 'gbtree', 'model'] : ['gradient_booster', 'model'],
    source,
  );
  if (booster === 'dart') {
    const weights = field(learner, ['gradient_booster', 'weight_drop'], source);
    if (!Array.isArray(weights) || weights.some((w) => typeof w !== 'number')) {
      throw new ModelFormatError(`${source}: "weight_drop" must be an array of numbers`);
    }
    header.treeWeights = weights.map((w) => Math.fround(w));
  }
  const trees = field(model, ['trees'], source);
  if (!Array.isArray(trees)) throw new ModelFormatError(`${source}: "trees" is not an array`);
  const numTrees = numberField(model, ['gbtree_model_param', 'num_trees'], source);
  if (numTrees !== trees.length) {
    throw new ModelFormatError(
      `${source}: num_trees says ${numTrees} but the file holds ${trees.length} trees`,
    );
  }
  const treeInfo = field(model, ['tree_info'], source);
  if (!Array.isArray(treeInfo) || treeInfo.length !== trees.length) {
    throw new ModelFormatError(`${source}: "tree_info" must list one output group per tree`);
  }
  header.treeInfo = treeInfo as number[];
  return assembleBooster(
    header,
    trees.map((tree, t) => rawTree(tree, t, source)),
    'json',
    source,
  );
}
