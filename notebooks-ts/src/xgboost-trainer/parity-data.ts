/**
 * Churn data sets encoded by the core feature contract (46 columns), for the parity test and
 * the benchmark: the scaler is fitted on the training rows only, as in the real pipeline.
 */
import { FEATURE_NAMES, createEncoder, fitScaler } from '@telco-churn/core/features';
import { Customer } from '@telco-churn/core/fields';
import { permutation, createRng } from '@telco-churn/core/random';
import { generateCustomers } from '@telco-churn/core/synthetic';
import { Dataset } from './dataset';

export interface Labelled {
  customer: Customer;
  churn?: boolean;
}

export function encodeSplit(
  train: readonly Labelled[],
  test: readonly Labelled[],
): { train: Dataset; test: Dataset } {
  const encoder = createEncoder(FEATURE_NAMES, fitScaler(train.map((r) => r.customer)));
  const toDataset = (rows: readonly Labelled[]): Dataset => ({
    x: encoder.encodeMany(rows.map((r) => r.customer)),
    nRows: rows.length,
    nCols: FEATURE_NAMES.length,
    y: Float32Array.from(rows, (r) => (r.churn ? 1 : 0)),
  });
  return { train: toDataset(train), test: toDataset(test) };
}

/** `nTrain + nTest` generated customers (seeded), the first `nTrain` for training. */
export function syntheticChurn(nTrain: number, nTest: number, seed: number) {
  const rows = generateCustomers(nTrain + nTest, seed);
  return encodeSplit(rows.slice(0, nTrain), rows.slice(nTrain));
}

/** A seeded random split of labelled rows, `testShare` of them held out. */
export function randomSplit<T>(
  rows: readonly T[],
  testShare: number,
  seed: number,
): { train: T[]; test: T[] } {
  const order = permutation(createRng(seed), rows.length);
  const nTest = Math.round(rows.length * testShare);
  const test = Array.from(order.subarray(0, nTest), (i) => rows[i]);
  const train = Array.from(order.subarray(nTest), (i) => rows[i]);
  return { train, test };
}
