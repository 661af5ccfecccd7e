/**
 * The hyper-parameters the trainer understands, with XGBoost 1.7's names, defaults and ranges.
 * Anything else (an unknown name, a value out of range) stops training with an error naming it.
 */

export type EvalMetric = 'logloss' | 'auc';

export interface XGBParams {
  /** Learning rate: each leaf value is multiplied by it (XGBoost `eta`, default 0.3). */
  eta: number;
  /** Depth of every tree; the root is depth 0 (default 6). */
  max_depth: number;
  /** Smallest hessian sum a child may have (default 1). */
  min_child_weight: number;
  /** Smallest loss reduction a split must bring, applied by post-pruning like XGBoost (default 0). */
  gamma: number;
  /** L2 penalty on leaf weights (default 1). */
  lambda: number;
  /** L1 penalty on leaf weights, applied by soft-thresholding the gradient sum (default 0). */
  alpha: number;
  /** Fraction of rows drawn (Bernoulli, per tree) to grow each tree (default 1). */
  subsample: number;
  /** Fraction of features drawn (without replacement, per tree) (default 1). */
  colsample_bytree: number;
  /** Weight multiplier of positive rows (default 1). */
  scale_pos_weight: number;
  /** Boosting rounds, one tree each (xgb.train's `num_boost_round`, default 10). */
  num_round: number;
  /** Initial prediction, a probability (default 0.5). */
  base_score: number;
  /** Seed of the row/feature sampling; the same seed gives the same model (default 0). */
  seed: number;
  /** Stop when the validation metric has not improved for this many rounds (needs a validation set). */
  early_stopping_rounds?: number;
  /** Metric on the validation set, for early stopping and `onRound` (default logloss, as XGBoost 1.7). */
  eval_metric: EvalMetric;
}

export const DEFAULT_PARAMS: Readonly<XGBParams> = Object.freeze({
  eta: 0.3,
  max_depth: 6,
  min_child_weight: 1,
  gamma: 0,
  lambda: 1,
  alpha: 0,
  subsample: 1,
  colsample_bytree: 1,
  scale_pos_weight: 1,
  num_round: 10,
  base_score: 0.5,
  seed: 0,
  eval_metric: 'logloss',
});

/** Bad training input (parameters or data); the message names the parameter or column at fault. */
export class TrainerInputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrainerInputError';
  }
}

type Rule = (v: number) => boolean;
const RULES: Record<Exclude<keyof XGBParams, 'eval_metric'>, [Rule, string]> = {
  eta: [(v) => v > 0 && v <= 1, 'a number in (0, 1]'],
  max_depth: [(v) => Number.isInteger(v) && v >= 1 && v <= 30, 'an integer in [1, 30]'],
  min_child_weight: [(v) => v >= 0, 'a number >= 0'],
  gamma: [(v) => v >= 0, 'a number >= 0'],
  lambda: [(v) => v >= 0, 'a number >= 0'],
  alpha: [(v) => v >= 0, 'a number >= 0'],
  subsample: [(v) => v > 0 && v <= 1, 'a number in (0, 1]'],
  colsample_bytree: [(v) => v > 0 && v <= 1, 'a number in (0, 1]'],
  scale_pos_weight: [(v) => v > 0, 'a number > 0'],
  num_round: [(v) => Number.isInteger(v) && v >= 1, 'an integer >= 1'],
  base_score: [(v) => v > 0 && v < 1, 'a probability in (0, 1)'],
  seed: [(v) => Number.isInteger(v), 'an integer'],
  early_stopping_rounds: [(v) => Number.isInteger(v) && v >= 1, 'an integer >= 1'],
};

/** Defaults filled in and every value checked. `baseScoreGiven` mirrors XGBoost's `boost_from_average` flag. */
export function resolveParams(params: Partial<XGBParams>): { params: XGBParams; baseScoreGiven: boolean } {
  const out: XGBParams = { ...DEFAULT_PARAMS };
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (name === 'eval_metric') {
      if (value !== 'logloss' && value !== 'auc') {
        throw new TrainerInputError(`eval_metric must be "logloss" or "auc", got ${JSON.stringify(value)}`);
      }
      out.eval_metric = value;
      continue;
    }
    if (!(name in RULES)) {
      throw new TrainerInputError(
        `unknown parameter "${name}" (known: ${[...Object.keys(RULES), 'eval_metric'].join(', ')})`,
      );
    }
    const [ok, expected] = RULES[name as keyof typeof RULES];
    if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
      throw new TrainerInputError(`${name} must be ${expected}, got ${JSON.stringify(value)}`);
    }
    (out as unknown as Record<string, number>)[name] = value;
  }
  return { params: out, baseScoreGiven: params.base_score !== undefined };
}
