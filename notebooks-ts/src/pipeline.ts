import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FEATURE_NAMES } from '@telco-churn/core/features';
import { ModelParams } from '@telco-churn/core/model-params';
import { explain } from '@telco-churn/xgboost-runtime';
import { Dataset, subset } from './dataset';
import { FittedResult, SearchContext, SearchSettings, searchAndFit, searchContext } from './fit-models';
import { WorkerJob, WorkerMessage } from './fit-worker';
import { Evaluation, evaluate } from './metrics';
import { MODEL_KINDS } from './model-families';
import { ModelName } from './model-families/types';
import { XgbModel } from './model-families/xgboost';
import { Prepared, prepare } from './prepare';

export interface TrainingOptions extends SearchSettings {
  dataPath: string;
  testIdsPath?: string;
  models: ModelName[];
  /** Threads: 2 searches the other four models beside XGBoost on a worker thread. */
  jobs?: number;
  log?: (line: string) => void;
}

export interface ModelResult extends FittedResult {
  test: Evaluation;
  testScores: Float64Array;
}

export interface TrainingRun {
  prepared: Prepared;
  results: ModelResult[];
  xgb: { model: XgbModel; result: ModelResult; gain: Float64Array; meanAbsShap: Float64Array };
  modelParams: ModelParams;
  seconds: number;
  /** CPU time of this process: the wall time also counts other programs sharing the cores. */
  cpuSeconds: number;
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

type Fitted = { result: FittedResult; model: unknown };

/** The other models on a worker thread (same seeds, so the same results as in this thread). */
function fitOnWorker(job: WorkerJob, log: (line: string) => void): Promise<Map<ModelName, Fitted>> {
  return new Promise((resolve, reject) => {
    const out = new Map<ModelName, Fitted>();
    // A worker does not inherit tsx's loader: register it (CommonJS) before loading the TypeScript.
    const file = JSON.stringify(join(__dirname, 'fit-worker.ts'));
    const boot = `require('tsx/cjs/api').register(); require(${file});`;
    const worker = new Worker(boot, { eval: true, workerData: job });
    worker.on('message', (m: WorkerMessage) => {
      if ('log' in m) log(m.log);
      else if ('error' in m) reject(new Error(`worker thread failed: ${m.error}`));
      else out.set(m.name, { result: m.result, model: MODEL_KINDS[m.name].fromJson(m.model) });
    });
    worker.on('error', reject);
    worker.on('exit', (code) =>
      out.size === job.names.length
        ? resolve(out)
        : reject(new Error(`worker thread exited (${code}) after ${out.size} of ${job.names.length} models`)),
    );
  });
}

async function fitAll(
  o: TrainingOptions,
  ctx: SearchContext,
  log: (line: string) => void,
): Promise<Fitted[]> {
  const others = o.models.filter((name) => name !== 'xgboost');
  if ((o.jobs ?? 1) < 2 || others.length === 0)
    return o.models.map((name) => searchAndFit(name, ctx, o, log));
  const { log: _log, ...settings } = o;
  const worker = fitOnWorker(
    { dataPath: o.dataPath, testIdsPath: o.testIdsPath, settings, names: others },
    log,
  );
  // XGBoost, the longest search, runs here meanwhile; a worker failure surfaces on the await.
  worker.catch(() => undefined);
  const xgb = o.models.includes('xgboost') ? searchAndFit('xgboost', ctx, o, log) : undefined;
  const done = await worker;
  return o.models.map((name) => (name === 'xgboost' ? xgb! : done.get(name)!));
}

/**
 * Preprocessing -> per-model search by stratified k-fold CV on the training rows -> threshold on
 * out-of-fold predictions -> final fit on all training rows. Only then are the test rows scored,
 * once per model, in one place at the end.
 */
export async function runTraining(o: TrainingOptions): Promise<TrainingRun> {
  const started = Date.now();
  const cpuAtStart = process.cpuUsage();
  const log = o.log ?? (() => undefined);
  const prepared = prepare({ dataPath: o.dataPath, testIdsPath: o.testIdsPath, seed: o.seed });
  const { train, test } = prepared;
  log(
    `data: ${prepared.data.rows.length} rows; train ${train.nRows}, test ${test.nRows} (${prepared.split}); scaler fitted on the ${train.nRows} training rows (and refitted on each CV fold’s fit rows)`,
  );
  log(
    `search: ${o.folds}-fold stratified CV on training rows; balance modes ${o.balances.join('/')} compared on default parameters first`,
  );

  const fitted = await fitAll(o, searchContext(prepared, o), log);

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
      trainer: 'notebooks-ts/src/xgboost-trainer (exact greedy, binary:logistic)',
      xgboost_model_format: '1.7',
    },
  };
  return {
    prepared,
    results,
    xgb: { model, result: results[xgbAt], gain, meanAbsShap: meanAbsShap(model, shapRows) },
    modelParams,
    seconds: (Date.now() - started) / 1000,
    cpuSeconds: process.cpuUsage(cpuAtStart).user / 1e6,
  };
}
