import { Dataset, checkDataset, sortColumns } from './dataset';
import { improves, evaluate } from './metrics';
import { buildModelJson, serializeModel } from './model-json';
import { baseMargin, logisticGradients, sigmoid32 } from './objective';
import { TrainerInputError, XGBParams, resolveParams } from './params';
import { TreeGrower } from './grower';
import { Tree, addTreeToMargins, pruneTree } from './tree';
import { Mt19937, bernoulli53, stdShuffle } from './std-random';
import { formatPythonFloat } from '@telco-churn/xgboost-runtime/python-float';

export interface RoundMetrics {
  /** The validation metric named by `metric`, when a validation set is given. */
  validation?: number;
  metric: string;
}

export interface TrainOptions {
  validation?: Dataset;
  featureNames?: readonly string[];
  onRound?: (round: number, metrics: RoundMetrics) => void;
}

export interface TrainedModel {
  /** The XGBoost 1.7 JSON model; `toModelBytes` writes it as XGBoost would. */
  json: Record<string, unknown>;
  /** Round (0-based) with the best validation score, or the last round without early stopping. */
  bestIteration: number;
  /** Trees to predict with (`best_ntree_limit`, which SageMaker's container honours). */
  bestNtreeLimit: number;
  /** XGBoost's `get_score(importance_type='gain')`: mean loss change of the splits on each feature (0 if unused), float32 as it computes it. */
  gain: Float64Array;
  /** Sum of those loss changes (`total_gain`) and the number of splits (`weight`), per feature. */
  totalGain: Float64Array;
  splitCount: Float64Array;
  /** Validation metric per round, when a validation set is given. */
  history: number[];
  trees: Tree[];
}

/**
 * Gradient-boosted trees for binary:logistic, split by split what XGBoost 1.7's
 * `xgb.train(params, dtrain, num_round, evals=[(dvalid, ...)], early_stopping_rounds=...)`
 * does with `tree_method=exact` on one thread (sampling aside: our seeded RNG is not XGBoost's).
 */
export function train(data: Dataset, params: Partial<XGBParams>, opts: TrainOptions = {}): TrainedModel {
  const { params: p, baseScoreGiven } = resolveParams(params);
  checkDataset(data, 'training set');
  const { validation, featureNames, onRound } = opts;
  if (validation) checkDataset(validation, 'validation set', data.nCols);
  if (validation && p.eval_metric === 'auc' && !hasBothClasses(validation.y)) {
    throw new TrainerInputError('validation set: AUC needs both classes, but every label is the same');
  }
  if (p.early_stopping_rounds !== undefined && !validation) {
    throw new TrainerInputError('early_stopping_rounds needs a validation set (opts.validation)');
  }
  if (featureNames) checkFeatureNames(featureNames, data.nCols);
  const { x, nRows, nCols, y, weight } = data;
  const grower = new TreeGrower(x, nRows, nCols, sortColumns(data), {
    eta: p.eta,
    maxDepth: p.max_depth,
    minChildWeight: p.min_child_weight,
    lambda: p.lambda,
    alpha: p.alpha,
  });
  // XGBoost's global engine, seeded once; each tree's column sampler seeds its own from it.
  const globalRng = new Mt19937(p.seed);
  const subsample = Math.fround(p.subsample);
  const base = baseMargin(p.base_score);
  const margin = new Float32Array(nRows).fill(base);
  const grad = new Float32Array(nRows);
  const hess = new Float32Array(nRows);
  const validMargin = validation ? new Float32Array(validation.nRows).fill(base) : undefined;
  const validProb = validation ? new Float32Array(validation.nRows) : undefined;
  const rowSampled = p.subsample < 1 ? new Uint8Array(nRows) : undefined;
  const allFeatures = Int32Array.from({ length: nCols }, (_, i) => i);

  const trees: Tree[] = [];
  const history: number[] = [];
  let bestIteration = -1;
  let bestScore = NaN;
  for (let round = 0; round < p.num_round; round++) {
    logisticGradients(margin, y, weight, p.scale_pos_weight, grad, hess);
    const columnRng = new Mt19937(globalRng.next());
    if (rowSampled) {
      for (let r = 0; r < nRows; r++)
        rowSampled[r] = hess[r] < 0 || bernoulli53(globalRng, subsample) ? 1 : 0;
    }
    const features =
      p.colsample_bytree < 1 ? sampleFeatures(columnRng, nCols, p.colsample_bytree) : allFeatures;
    const tree = grower.grow(grad, hess, features, rowSampled);
    if (p.gamma > 0) pruneTree(tree, p.gamma, p.eta);
    trees.push(tree);
    addTreeToMargins(tree, x, nRows, nCols, margin);
    if (!validation || !validMargin || !validProb) {
      onRound?.(round, { metric: p.eval_metric });
      continue;
    }
    addTreeToMargins(tree, validation.x, validation.nRows, nCols, validMargin);
    for (let r = 0; r < validMargin.length; r++) validProb[r] = sigmoid32(validMargin[r]);
    const score = evaluate(p.eval_metric, validProb, validation.y, validation.weight);
    history.push(score);
    onRound?.(round, { metric: p.eval_metric, validation: score });
    if (p.early_stopping_rounds === undefined) continue;
    if (bestIteration < 0 || improves(p.eval_metric, score, bestScore)) {
      bestIteration = round;
      bestScore = score;
    } else if (round - bestIteration >= p.early_stopping_rounds) {
      break;
    }
  }

  // xgb.train writes best_iteration/best_ntree_limit always, best_score only with early stopping.
  const attributes: Record<string, string> = {};
  if (bestIteration < 0) bestIteration = trees.length - 1;
  else attributes.best_score = formatPythonFloat(bestScore);
  attributes.best_iteration = String(bestIteration);
  attributes.best_ntree_limit = String(bestIteration + 1);
  const json = buildModelJson(trees, {
    nFeatures: nCols,
    baseScore: p.base_score,
    baseScoreGiven,
    scalePosWeight: p.scale_pos_weight,
    featureNames,
    attributes,
  });
  return {
    json,
    bestIteration,
    bestNtreeLimit: bestIteration + 1,
    history,
    trees,
    ...importance(trees, nCols),
  };
}

/** The `xgboost-model` file: XGBoost 1.7 JSON, byte-identical for the same data, parameters and seed. */
export function toModelBytes(model: TrainedModel): Uint8Array {
  return new Uint8Array(Buffer.from(serializeModel(model.json), 'utf8'));
}

/** XGBoost refuses duplicate names and names with `[`, `]` or `<` (its dump syntax). */
function checkFeatureNames(names: readonly string[], nCols: number): void {
  if (names.length !== nCols) {
    throw new TrainerInputError(`featureNames has ${names.length} names but the data has ${nCols} columns`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== 'string' || name === '' || /[[\]<]/.test(name)) {
      throw new TrainerInputError(
        `feature name ${JSON.stringify(name)} must be a non-empty string without [, ] or <`,
      );
    }
    if (seen.has(name)) throw new TrainerInputError(`feature name ${JSON.stringify(name)} appears twice`);
    seen.add(name);
  }
}

function hasBothClasses(y: Float32Array): boolean {
  let pos = false;
  let neg = false;
  for (let i = 0; i < y.length && !(pos && neg); i++) {
    if (y[i] >= 0.5) pos = true;
    else neg = true;
  }
  return pos && neg;
}

/** XGBoost's ColumnSampler::ColSample: shuffle all, keep max(1, int(fraction * n)) (float32 product), ascending. */
function sampleFeatures(rng: Mt19937, n: number, fraction: number): Int32Array {
  const k = Math.max(1, Math.trunc(Math.fround(Math.fround(fraction) * n)));
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  stdShuffle(idx, rng);
  return idx.slice(0, k).sort();
}

/**
 * Gain importance as XGBoost 1.7's FeatureScore computes it: float32 sums over the trees, each
 * walked depth-first from a stack (right child first, as RegTree::WalkTree), float32 mean.
 */
function importance(trees: readonly Tree[], nCols: number) {
  const totalGain = new Float64Array(nCols);
  const splitCount = new Float64Array(nCols);
  for (const t of trees) {
    const stack = [0];
    while (stack.length > 0) {
      const n = stack.pop() as number;
      if (t.left[n] === -1) continue;
      const f = t.splitIndex[n];
      totalGain[f] = Math.fround(totalGain[f] + t.lossChg[n]);
      splitCount[f] += 1;
      stack.push(t.left[n], t.right[n]);
    }
  }
  const gain = totalGain.map((g, f) => (splitCount[f] > 0 ? Math.fround(g / Math.fround(splitCount[f])) : 0));
  return { gain, totalGain, splitCount };
}
