/**
 * A model trained by SageMaker, scored here with the project's runtime on local labelled rows:
 * the same numbers the training pipeline reports, so a cloud run and a local run compare.
 */
import { Booster, loadModel, predictProba } from '@telco-churn/xgboost-runtime';
import { Evaluation, evaluate } from '../src/metrics';
import { readLabelledCsv } from './data-files';
import { DataFileError } from './errors';

export interface ModelEvaluation {
  rows: number;
  positives: number;
  trees: number;
  evaluation: Evaluation;
}

export async function evaluateModel(
  model: string | Booster,
  testCsv: string,
  threshold = 0.5,
): Promise<ModelEvaluation> {
  const booster = typeof model === 'string' ? await loadModel(model) : model;
  const data = await readLabelledCsv(testCsv);
  if (data.nCols !== booster.numFeature) {
    throw new DataFileError(
      testCsv,
      1,
      `has ${data.nCols} features per row but the model expects ${booster.numFeature}`,
    );
  }
  const p = predictProba(booster, data.x, data.nRows);
  return {
    rows: data.nRows,
    positives: data.positives,
    trees: booster.numTrees,
    evaluation: evaluate(data.y, p, threshold),
  };
}

/** One line for the console: the headline metrics. */
export function summary(e: ModelEvaluation): string {
  const m = e.evaluation;
  const f = (v: number): string => v.toFixed(4);
  return (
    `${e.rows} rows (${e.positives} positive), ${e.trees} trees, threshold ${m.threshold}: ` +
    `AUC ${f(m.auc)}, PR-AUC ${f(m.pr_auc)}, F1 ${f(m.f1)}, precision ${f(m.precision)}, recall ${f(m.recall)}, accuracy ${f(m.accuracy)}`
  );
}
