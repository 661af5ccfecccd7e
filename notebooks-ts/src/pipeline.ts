import { createHash } from 'node:crypto';
import { FEATURE_NAMES } from '../../api/src/core/features';
import { ModelParams } from '../../api/src/core/model-params';
import { explain } from '../../api/src/model';
import { stratifiedFolds } from './cv';
import { columnKinds } from './data';
import { Dataset, subset } from './dataset';
import { Evaluation, evaluate } from './metrics';
import { MODEL_KINDS } from './models';
import { ModelName, Params } from './models/types';
import { XgbModel } from './models/xgboost';
import { Prepared, prepare } from './prepare';
import { Balance, CvResult, SearchResult, balanced, createFoldPlan, search } from './search';
import { ThresholdRule, chooseThreshold } from './threshold';

export interface TrainingOptions {
  dataPath: string;
  testIdsPath?: string;
  seed: number;
  folds: number;
  /** Settings tried per model (XGBoost gets its own, larger budget). */
  budget: number;
  xgbBudget: number;
  balances: Balance[];
  thresholdRule: ThresholdRule;
  models: ModelName[];
  /** Parameters forced on a model (tests use small forests and few rounds). */
  overrides?: Partial<Record<ModelName, Params>>;
  quiet?: boolean;
  log?: (line: string) => void;
}

export interface ModelResult {
  name: ModelName;
  label: string;
  setting: CvResult['setting'];
  finalParams: Params;
  threshold: number;
  cv: {
    auc: number;
    auc_sd: number;
    f1: number;
    precision: number;
    recall: number;
    folds: number;
    fold_auc: number[];
  };
  trials: SearchResult['trials'];
  test: Evaluation;
  oof: Float64Array;
  testScores: Float64Array;
  seconds: number;
}

export interface TrainingRun {
  prepared: Prepared;
  results: ModelResult[];
  xgb: { model: XgbModel; result: ModelResult; gain: Float64Array; meanAbsShap: Float64Array };
  modelParams: ModelParams;
  seconds: number;
}

/** Mean |SHAP| per feature over (up to 1,000) training rows: how much each input moves the log-odds. */
function meanAbsShap(model: XgbModel, data: Dataset): Float64Array {
  const n = Math.min(data.nRows, 1000);
  const out = new Float64Array(data.nCols);
  for (let i = 0; i < n; i++) {
    const contribs = explain(model.booster, data.x.subarray(i * data.nCols, (i + 1) * data.nCols));
    for (let j = 0; j < data.nCols; j++) out[j] += Math.abs(contribs[j]) / n;
  }
  return out;
}

/**
 * Preprocessing -> per-model search by stratified k-fold CV on the training rows -> threshold on
 * out-of-fold predictions -> final fit on all training rows. Only then are the test rows scored,
 * once per model, in one place at the end.
 */
export function runTraining(o: TrainingOptions): TrainingRun {
  const started = Date.now();
  const log = o.log ?? (() => undefined);
  const prepared = prepare({ dataPath: o.dataPath, testIdsPath: o.testIdsPath, seed: o.seed });
  const { train, test } = prepared;
  log(
    `data: ${prepared.data.rows.length} rows; train ${train.nRows}, test ${test.nRows} (${prepared.split}); scaler fitted on the ${train.nRows} training rows`,
  );
  const kinds = columnKinds(FEATURE_NAMES);
  const folds = stratifiedFolds(train.y, o.folds, o.seed);
  const plan = createFoldPlan(train, folds, kinds, o.seed);
  log(
    `search: ${o.folds}-fold stratified CV on training rows; balance modes ${o.balances.join('/')} compared on default parameters first`,
  );

  const fitted: { result: Omit<ModelResult, 'test' | 'testScores'>; model: unknown }[] = [];
  for (const name of o.models) {
    const t0 = Date.now();
    const base = MODEL_KINDS[name];
    const override = o.overrides?.[name] ?? {};
    const kind = {
      ...base,
      defaults: { ...base.defaults, ...override },
      sample: (rng: () => number) => ({ ...base.sample(rng), ...override }),
    };
    const found = search(kind, plan, {
      budget: name === 'xgboost' ? o.xgbBudget : o.budget,
      seed: o.seed,
      balances: o.balances,
      quiet: o.quiet,
    });
    const { best } = found;
    const choice = chooseThreshold(train.y, best.oof, o.thresholdRule);
    // Six decimals: the same number in model_params.json, metrics.json and the report.
    const threshold = Math.round(choice.threshold * 1e6) / 1e6;
    const oofEval = evaluate(train.y, best.oof, threshold);
    const { balance, ...params } = best.setting;
    const finalParams = kind.finalParams ? kind.finalParams(params, best.foldModels) : params;
    const model = kind.fit(balanced(train, balance as Balance, kinds, o.seed), finalParams, { seed: o.seed });
    log(
      `${name}: cv auc ${best.auc.toFixed(4)} ± ${best.aucSd.toFixed(4)}, oof f1 ${oofEval.f1.toFixed(4)} at threshold ${threshold.toFixed(3)}; balance ${balance}; ${found.trials.length} settings in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    fitted.push({
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
          folds: o.folds,
          fold_auc: best.foldAuc,
        },
        trials: found.trials,
        oof: best.oof,
        seconds: (Date.now() - t0) / 1000,
      },
    });
  }

  // The one look at the test rows: every fitted model scores them, nothing is chosen after this.
  const results: ModelResult[] = fitted.map(({ result, model }) => {
    const testScores = MODEL_KINDS[result.name].predict(model, test.x, test.nRows);
    return { ...result, testScores, test: evaluate(test.y, testScores, result.threshold) };
  });
  const xgbAt = results.findIndex((r) => r.name === 'xgboost');
  if (xgbAt < 0) throw new Error('the model list must include xgboost: it is the model the API serves');
  const model = fitted[xgbAt].model as XgbModel;
  const gain = model.trained?.gain ?? new Float64Array(train.nCols);
  const shapRows = subset(
    train,
    Array.from({ length: Math.min(train.nRows, 1000) }, (_, i) => i),
  );
  const createdAt = new Date().toISOString();
  const modelHash = createHash('sha256').update(model.bytes).digest('hex');
  const modelParams: ModelParams = {
    featureNames: [...FEATURE_NAMES],
    scaler: prepared.scaler,
    threshold: results[xgbAt].threshold,
    modelVersion: `${createdAt.slice(0, 10)}-xgb-${modelHash.slice(0, 8)}`,
    createdAt,
    dataHash: `sha256:${prepared.data.hash}`,
    libraryVersions: {
      node: process.versions.node,
      'telco-churn-platform': process.env.npm_package_version ?? '0.1.0',
      trainer: 'notebooks-ts/src/xgboost (exact greedy, binary:logistic)',
      xgboost_model_format: '1.7',
    },
  };
  return {
    prepared,
    results,
    xgb: { model, result: results[xgbAt], gain, meanAbsShap: meanAbsShap(model, shapRows) },
    modelParams,
    seconds: (Date.now() - started) / 1000,
  };
}
