import { createRng } from '@telco-churn/core/random';
import { foldRows } from './cv';
import { Dataset, balancedWeights, subset } from './dataset';
import { auc, logLoss } from './metrics';
import { ModelKind, Params } from './model-families/types';
import { createProgress } from './progress';
import { ColumnKinds, smoteNc } from './smote';

/** How the class imbalance is handled: not at all, by row weights (scale_pos_weight), or by SMOTE-NC. */
export type Balance = 'none' | 'weight' | 'smote';

/** A setting of the search: the model's parameters plus the balancing of the training rows. */
export type Setting = Params & { balance: Balance };

export interface CvResult {
  setting: Setting;
  foldAuc: number[];
  /** Mean of the fold AUCs: the search's objective. */
  auc: number;
  aucSd: number;
  logLoss: number;
  /** Each training row's probability from the model that did not see it. */
  oof: Float64Array;
  foldModels: unknown[];
  seconds: number;
}

/** One fold's rows, encoded for that fold alone (see `FoldEncoder`). */
export interface FoldData {
  fit: Dataset;
  held: Dataset;
  /** SMOTE-NC's view of the columns; its repair un-scales with the fold's own scaler. */
  kinds: ColumnKinds;
}

/**
 * Encodes one fold from row indices of the training rows: whatever is fitted while encoding (the
 * standard scaler) must be fitted on the `fit` rows only, or the held rows leak into model choice.
 */
export type FoldEncoder = (fit: number[], held: number[]) => FoldData;

/** A fold encoder over rows that are already encoded (no fitted preprocessing to redo per fold). */
export const preEncodedFolds =
  (data: Dataset, kinds: ColumnKinds): FoldEncoder =>
  (fit, held) => ({ fit: subset(data, fit), held: subset(data, held), kinds });

/**
 * The training rows of each fold, ready to fit, for each balance mode — built once and shared by
 * every model and setting (the scaler and SMOTE-NC see only the fold's own training rows).
 */
export interface FoldPlan {
  /** Labels of all training rows, in the order out-of-fold predictions are written. */
  y: Float32Array;
  folds: Int32Array;
  k: number;
  fit(f: number, balance: Balance): Dataset;
  held(f: number): { rows: number[]; data: Dataset };
}

export function balanced(data: Dataset, balance: Balance, kinds: ColumnKinds, seed: number): Dataset {
  if (balance === 'weight') return { ...data, weight: balancedWeights(data.y) };
  if (balance === 'smote') return smoteNc(data, kinds, { seed }).data;
  return data;
}

export function createFoldPlan(
  y: Float32Array,
  folds: Int32Array,
  encodeFold: FoldEncoder,
  seed: number,
): FoldPlan {
  if (folds.length !== y.length) throw new RangeError('createFoldPlan needs one fold number per row');
  const k = Math.max(...folds) + 1;
  const encoded = new Map<number, FoldData & { heldRows: number[] }>();
  const fold = (f: number): FoldData & { heldRows: number[] } => {
    let hit = encoded.get(f);
    if (!hit) {
      const { fit, held } = foldRows(folds, f);
      hit = { ...encodeFold(fit, held), heldRows: held };
      encoded.set(f, hit);
    }
    return hit;
  };
  const cache = new Map<string, Dataset>();
  return {
    y,
    folds,
    k,
    fit(f, balance) {
      const key = `${f}:${balance}`;
      let hit = cache.get(key);
      if (!hit) {
        const { fit, kinds } = fold(f);
        hit = balanced(fit, balance, kinds, seed + f);
        cache.set(key, hit);
      }
      return hit;
    },
    held(f) {
      const { heldRows, held } = fold(f);
      return { rows: heldRows, data: held };
    },
  };
}

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

export function crossValidate(kind: ModelKind, plan: FoldPlan, setting: Setting, seed: number): CvResult {
  const started = Date.now();
  const oof = new Float64Array(plan.y.length);
  const foldAuc: number[] = [];
  const foldModels: unknown[] = [];
  const { balance, ...params } = setting;
  for (let f = 0; f < plan.k; f++) {
    const held = plan.held(f);
    const model = kind.fit(plan.fit(f, balance), params, { seed: seed + f, validation: held.data });
    const p = kind.predict(model, held.data.x, held.data.nRows);
    held.rows.forEach((row, i) => (oof[row] = p[i]));
    foldAuc.push(auc(held.data.y, p));
    foldModels.push(model);
  }
  const m = mean(foldAuc);
  return {
    setting,
    foldAuc,
    auc: m,
    aucSd: Math.sqrt(mean(foldAuc.map((a) => (a - m) ** 2))),
    logLoss: logLoss(plan.y, oof),
    oof,
    foldModels,
    seconds: (Date.now() - started) / 1000,
  };
}

export interface SearchOptions {
  /** How many settings to try: the defaults under each balance mode first, then random draws under the best mode. */
  budget: number;
  seed: number;
  balances: Balance[];
  /** Stop drawing new settings after this many seconds (the budget's other half). */
  maxSeconds?: number;
  quiet?: boolean;
}

export interface SearchResult {
  best: CvResult;
  /** Every setting tried, best first, without their out-of-fold arrays. */
  trials: Omit<CvResult, 'oof' | 'foldModels'>[];
}

/**
 * Seeded random search, ranked by mean fold AUC (ties: lower out-of-fold log-loss). Only the
 * best setting keeps its fold models and out-of-fold predictions (for the threshold and the
 * final fit); the others are dropped as soon as they lose.
 */
export function search(kind: ModelKind, plan: FoldPlan, options: SearchOptions): SearchResult {
  const rng = createRng(options.seed);
  const progress = createProgress(kind.name, options.budget, options.quiet ? null : process.stderr);
  const started = Date.now();
  let best: CvResult | undefined;
  const trials: SearchResult['trials'] = [];
  for (let t = 0; t < options.budget; t++) {
    if (t > 0 && options.maxSeconds !== undefined && (Date.now() - started) / 1000 > options.maxSeconds)
      break;
    // The defaults under each balance mode first, so the modes are compared on equal terms; the
    // winning mode is then kept while the model's own parameters are searched.
    const first = t < options.balances.length;
    const params = first ? kind.defaults : kind.sample(rng);
    const balance = first ? options.balances[t] : best!.setting.balance;
    const result = crossValidate(kind, plan, { ...params, balance }, options.seed);
    const { oof: _oof, foldModels: _models, ...summary } = result;
    trials.push(summary);
    if (!best || result.auc > best.auc || (result.auc === best.auc && result.logLoss < best.logLoss))
      best = result;
    progress.tick(`best cv auc ${best.auc.toFixed(4)}`);
  }
  progress.done(`best cv auc ${best!.auc.toFixed(4)}`);
  trials.sort((a, b) => b.auc - a.auc || a.logLoss - b.logLoss);
  return { best: best!, trials };
}
