import type { CvMetrics, Hyperparameters, MetricsJson, TestMetrics } from '@telco-churn/core/contracts';
import { FEATURE_NAMES } from '@telco-churn/core/features';
import { toModelParamsJson } from '@telco-churn/core/model-params';
import { Evaluation } from './metrics';
import { ModelResult, TrainingRun } from './pipeline';
import { describeRule, ThresholdRule } from './threshold';

const r4 = (v: number): number => Math.round(v * 1e4) / 1e4;
const r5 = (v: number): number => Math.round(v * 1e5) / 1e5;
const r6 = (v: number): number => Math.round(v * 1e6) / 1e6;

function testBlock(e: Evaluation): TestMetrics {
  return {
    accuracy: r4(e.accuracy),
    precision: r4(e.precision),
    recall: r4(e.recall),
    f1: r4(e.f1),
    specificity: r4(e.specificity),
    mcc: r4(e.mcc),
    auc: r4(e.auc),
    pr_auc: r4(e.pr_auc),
    brier: r4(e.brier),
    log_loss: r4(e.log_loss),
    confusion_matrix: e.confusion_matrix,
    roc_curve: e.roc_curve,
    pr_curve: e.pr_curve,
    calibration: e.calibration.map((b) => ({
      ...b,
      meanPredicted: r4(b.meanPredicted),
      fractionPositive: r4(b.fractionPositive),
    })),
  };
}

function cvBlock(r: ModelResult): CvMetrics {
  return {
    auc: r4(r.cv.auc),
    auc_sd: r4(r.cv.auc_sd),
    f1: r4(r.cv.f1),
    precision: r4(r.cv.precision),
    recall: r4(r.cv.recall),
    folds: r.cv.folds,
    fold_auc: r.cv.fold_auc.map(r4),
  };
}

const roundParams = (p: object): Hyperparameters =>
  Object.fromEntries(
    Object.entries(p).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? r6(v) : v]),
  );

/** How `models.<name>.permutation_importance` was measured, stated beside it. */
export const PERMUTATION_METHOD =
  'mean drop in AUC when one request field’s columns (one-hot groups and tenure groups together; AvgMonthlySpend and TotalServices stay in place) are shuffled across rows: the chosen setting’s fold models on their own held-out rows, 2 seeded shuffles per fold, averaged over the folds; the test rows are not used';

/** `metrics.json`: the chosen model's figures, and every model's CV, test and search details. */
export function buildMetricsJson(run: TrainingRun, rule: ThresholdRule, command: string): MetricsJson {
  const { prepared, xgb, modelParams } = run;
  const rows = prepared.data.rows.length;
  const churners = prepared.data.rows.filter((r) => r.churn).length;
  const importance = FEATURE_NAMES.map((feature, j) => ({
    feature,
    gain: r4(xgb.gain[j]),
    mean_abs_shap: r4(xgb.meanAbsShap[j]),
  })).sort((a, b) => b.mean_abs_shap - a.mean_abs_shap || b.gain - a.gain);
  const hyper = xgb.result.finalParams;
  return {
    model_version: modelParams.modelVersion,
    created_at: modelParams.createdAt,
    chosen_model: 'xgboost',
    threshold: r6(xgb.result.threshold),
    threshold_rule: describeRule(rule),
    data: {
      rows,
      train_rows: prepared.train.nRows,
      test_rows: prepared.test.nRows,
      churn_rate: r4(churners / rows),
      split: prepared.split,
      data_hash: modelParams.dataHash,
    },
    test: testBlock(xgb.result.test),
    cv: cvBlock(xgb.result),
    feature_importance: importance,
    hyperparameters: roundParams({ ...hyper, balance: xgb.result.setting.balance }),
    models: Object.fromEntries(
      run.results.map((r) => [
        r.name,
        {
          label: r.label,
          threshold: r6(r.threshold),
          hyperparameters: roundParams({ ...r.finalParams, balance: r.setting.balance }),
          settings_tried: r.trials.length,
          seconds: Math.round(r.seconds * 10) / 10,
          cv: cvBlock(r),
          test: testBlock(r.test),
          permutation_importance: r.permutation.map((p) => ({ field: p.field, auc_drop: r5(p.auc_drop) })),
        },
      ]),
    ),
    permutation_importance_method: PERMUTATION_METHOD,
    training_seconds: Math.round(run.seconds),
    training_cpu_seconds: Math.round(run.cpuSeconds),
    command,
  };
}

export const modelParamsJson = (run: TrainingRun): Record<string, unknown> =>
  toModelParamsJson(run.modelParams);
