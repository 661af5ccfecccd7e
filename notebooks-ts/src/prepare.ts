import { FEATURE_NAMES, Encoder, Scaler, createEncoder, fitScaler } from '@telco-churn/core/features';
import { stratifiedSplit } from './cv';
import { LabelledRow, LoadedData, columnKinds, loadLabelledCsv, readTestIds } from './data';
import { Dataset } from './dataset';
import type { FoldEncoder } from './search';

export interface PrepareOptions {
  dataPath: string;
  /** A file of held-out customer IDs; without it, a seeded stratified split. */
  testIdsPath?: string;
  testFraction?: number;
  seed: number;
}

export interface Prepared {
  data: LoadedData;
  trainRows: LabelledRow[];
  testRows: LabelledRow[];
  /** Fitted on the training rows only. */
  scaler: Scaler;
  encoder: Encoder;
  train: Dataset;
  test: Dataset;
  split: string;
}

export function encodeRows(encoder: Encoder, rows: readonly LabelledRow[]): Dataset {
  return {
    x: encoder.encodeMany(rows.map((r) => r.customer)),
    nRows: rows.length,
    nCols: encoder.featureNames.length,
    y: Float32Array.from(rows, (r) => (r.churn ? 1 : 0)),
  };
}

/**
 * Cleaning (the core CSV parser), the split, and the scaler fitted on the training rows only;
 * both sets encoded by the core encoder, so training sees exactly what serving computes.
 */
export function prepare(options: PrepareOptions): Prepared {
  const data = loadLabelledCsv(options.dataPath);
  const fraction = options.testFraction ?? 0.2;
  let isTest: (row: LabelledRow, index: number) => boolean;
  let split: string;
  if (options.testIdsPath) {
    const ids = readTestIds(options.testIdsPath, data.rows);
    isTest = (row) => ids.has(row.customerId);
    split = `test ids from ${options.testIdsPath.split(/[\\/]/).pop()}`;
  } else {
    const { test } = stratifiedSplit(
      data.rows.map((r) => (r.churn ? 1 : 0)),
      fraction,
      options.seed,
    );
    const held = new Set(test);
    isTest = (_row, i) => held.has(i);
    split = `stratified ${Math.round(fraction * 100)}% hold-out, seed ${options.seed}`;
  }
  const trainRows = data.rows.filter((r, i) => !isTest(r, i));
  const testRows = data.rows.filter((r, i) => isTest(r, i));
  const scaler = fitScaler(trainRows.map((r) => r.customer));
  const encoder = createEncoder(FEATURE_NAMES, scaler);
  return {
    data,
    trainRows,
    testRows,
    scaler,
    encoder,
    train: encodeRows(encoder, trainRows),
    test: encodeRows(encoder, testRows),
    split,
  };
}

/**
 * Cross-validation's encoding of the training rows: each fold gets its own scaler, fitted on the
 * fold's fit rows only, so the held rows it is scored on never shape the scaling used to choose a
 * model (SMOTE-NC's distances, logistic regression, kNN and the SVM all see scaled values). The
 * final model keeps the scaler fitted on all training rows.
 */
export function refitScalerPerFold(
  rows: readonly LabelledRow[],
  featureNames: readonly string[] = FEATURE_NAMES,
): FoldEncoder {
  return (fit, held) => {
    const fitRows = fit.map((i) => rows[i]);
    const scaler = fitScaler(fitRows.map((r) => r.customer));
    const encoder = createEncoder(featureNames, scaler);
    return {
      fit: encodeRows(encoder, fitRows),
      held: encodeRows(
        encoder,
        held.map((i) => rows[i]),
      ),
      kinds: columnKinds(featureNames, scaler),
    };
  };
}
