import type { CvMetrics } from '@telco-churn/core/contracts';
import { FEATURE_NAMES } from '@telco-churn/core/features';
import { Rng } from '@telco-churn/core/random';
import { stratifiedFolds } from './cv';
import { columnKinds } from './data';
import { Dataset } from './dataset';
import { evaluate } from './metrics';
import { MODEL_KINDS } from './model-families';
import { FieldImportance, permutationImportance } from './permutation';
import { Prepared, refitScalerPerFold } from './prepare';
import { ModelKind, ModelName, Params } from './model-families/types';
import { Balance, CvResult, FoldPlan, SearchResult, balanced, createFoldPlan, search } from './search';
import { ColumnKinds } from './smote';
import { ThresholdRule, chooseThreshold } from './threshold';

/** What the search of one model needs to know (plain data: it crosses to a worker thread). */
export interface SearchSettings {
  seed: number;
  folds: number;
  /** Settings tried per model (XGBoost gets its own, larger budget). */
  budget: number;
  xgbBudget: number;
  balances: Balance[];
  thresholdRule: ThresholdRule;
  /** Parameters forced on a model (tests use small forests and few rounds). */
  overrides?: Partial<Record<ModelName, Params>>;
  quiet?: boolean;
}

/** A model searched and fitted on the training rows; it has not seen the test rows. */
export interface FittedResult {
  name: ModelName;
  label: string;
  setting: CvResult['setting'];
  finalParams: Params;
  threshold: number;
  cv: CvMetrics;
  trials: SearchResult['trials'];
  oof: Float64Array;
  /** By request field, from the chosen setting's fold models on their own held-out rows. */
  permutation: FieldImportance[];
  seconds: number;
}

export interface SearchContext {
  train: Dataset;
  kinds: ColumnKinds;
  plan: FoldPlan;
}

/**
 * The final fit uses the training rows encoded with the scaler fitted on all of them; each CV fold
 * re-encodes its rows with a scaler fitted on its own fit rows (`refitScalerPerFold`).
 */
export function searchContext(
  prepared: Pick<Prepared, 'train' | 'trainRows' | 'scaler'>,
  s: SearchSettings,
): SearchContext {
  const { train, trainRows, scaler } = prepared;
  const folds = stratifiedFolds(train.y, s.folds, s.seed);
  return {
    train,
    kinds: columnKinds(FEATURE_NAMES, scaler),
    plan: createFoldPlan(train.y, folds, refitScalerPerFold(trainRows), s.seed),
  };
}

/** The model family with any forced parameters merged into its defaults and its draws. */
export function kindWithOverrides(name: ModelName, s: SearchSettings): ModelKind {
  const base = MODEL_KINDS[name];
  const override = s.overrides?.[name] ?? {};
  return {
    ...base,
    defaults: { ...base.defaults, ...override },
    sample: (rng: Rng) => ({ ...base.sample(rng), ...override }),
  };
}

/**
 * One model: seeded search by CV -> threshold on its out-of-fold predictions -> final fit on all
 * training rows (balanced the way CV chose). Each model's seeds are its own, so the result does
 * not depend on which thread runs it or in what order.
 */
export function searchAndFit(
  name: ModelName,
  ctx: SearchContext,
  s: SearchSettings,
  log: (line: string) => void,
): { result: FittedResult; model: unknown } {
  const t0 = Date.now();
  const { train, kinds, plan } = ctx;
  const kind = kindWithOverrides(name, s);
  const found = search(kind, plan, {
    budget: name === 'xgboost' ? s.xgbBudget : s.budget,
    seed: s.seed,
    balances: s.balances,
    quiet: s.quiet,
  });
  const { best } = found;
  // Six decimals: the same number in model_params.json, metrics.json and the report.
  const threshold = Math.round(chooseThreshold(train.y, best.oof, s.thresholdRule).threshold * 1e6) / 1e6;
  const oofEval = evaluate(train.y, best.oof, threshold);
  const { balance, ...params } = best.setting;
  const finalParams = kind.finalParams ? kind.finalParams(params, best.foldModels) : params;
  const model = kind.fit(balanced(train, balance as Balance, kinds, s.seed), finalParams, { seed: s.seed });
  // Out-of-fold, not on the test rows: the test split stays scored once, and 5 folds' held rows
  // are four times as many rows as the test split, so the drops are less noisy.
  const permutation = permutationImportance(
    best.foldModels.map((m, f) => ({ model: m, data: plan.held(f).data })),
    kind.predict,
    FEATURE_NAMES,
    { seed: s.seed },
  );
  const seconds = (Date.now() - t0) / 1000;
  log(
    `${name}: cv auc ${best.auc.toFixed(4)} ± ${best.aucSd.toFixed(4)}, oof f1 ${oofEval.f1.toFixed(4)} at threshold ${threshold.toFixed(3)}; balance ${balance}; ${found.trials.length} settings in ${seconds.toFixed(1)} s`,
  );
  return {
    model,
    result: {
      name,
      label: kind.label,
      setting: best.setting,
      finalParams,
      threshold,
      cv: {
        auc: best.auc,
        auc_sd: best.aucSd,
        f1: oofEval.f1,
        precision: oofEval.precision,
        recall: oofEval.recall,
        folds: s.folds,
        fold_auc: best.foldAuc,
      },
      trials: found.trials,
      oof: best.oof,
      permutation,
      seconds,
    },
  };
}
