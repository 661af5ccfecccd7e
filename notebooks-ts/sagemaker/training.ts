/**
 * Training on SageMaker: upload the CSVs, start a training job (or a tuning job), wait with
 * progress, and bring model.tar.gz home as an artifact directory the API can serve.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CreateHyperParameterTuningJobCommand,
  CreateTrainingJobCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeHyperParameterTuningJobCommandOutput,
  DescribeTrainingJobCommand,
  DescribeTrainingJobCommandOutput,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { S3Client } from '@aws-sdk/client-s3';
import { MODEL_FILE, parseModel } from '@telco-churn/xgboost-runtime';
import { modelFromTar } from '@telco-churn/xgboost-runtime/tar';
import { SageMakerSettings } from './config';
import { readLabelledCsv } from './data-files';
import { DataFileError, SageMakerRunError, stepFailed } from './errors';
import { jobName, trainingJobRequest, tuningJobRequest } from './jobs';
import { downloadObject, joinKey, parseS3Uri, uploadFile } from './s3';
import { PollOptions, pollUntilDone } from './wait';

export interface RunContext {
  settings: SageMakerSettings;
  sagemaker: SageMakerClient;
  s3: S3Client;
  /** Progress lines (stderr in the CLI). */
  log: (line: string) => void;
  now?: () => Date;
  sleep?: PollOptions['sleep'];
}

const pollOptions = (ctx: RunContext): PollOptions => ({ ...ctx.settings.polling, sleep: ctx.sleep });
const elapsed = (since: Date | undefined, now: Date): string =>
  since ? `${Math.round((now.getTime() - since.getTime()) / 1000)}s` : '';

export interface CheckedData {
  train: { file: string; rows: number; positives: number };
  validation: { file: string; rows: number; positives: number };
  features: number;
}

/** Reads both CSVs and checks them (numbers, 0/1 labels, both classes, same width) before anything is sent. */
export async function checkTrainingData(files: { train: string; validation: string }): Promise<CheckedData> {
  const train = await readLabelledCsv(files.train);
  const validation = await readLabelledCsv(files.validation);
  if (validation.nCols !== train.nCols) {
    throw new DataFileError(
      files.validation,
      1,
      `has ${validation.nCols} features per row, the training file ${train.nCols}`,
    );
  }
  return {
    train: { file: files.train, rows: train.nRows, positives: train.positives },
    validation: { file: files.validation, rows: validation.nRows, positives: validation.positives },
    features: train.nCols,
  };
}

/** Uploads checked CSVs under `<prefix>/data/<run>/`, one prefix per channel. */
export async function uploadTrainingData(
  ctx: RunContext,
  data: CheckedData,
  run: string,
): Promise<{ trainUri: string; validationUri: string; features: number }> {
  const files = { train: data.train.file, validation: data.validation.file };
  ctx.log(
    `data: ${data.train.rows} training rows, ${data.validation.rows} validation rows, ${data.features} features`,
  );
  const { bucket, prefix } = ctx.settings;
  // One prefix per channel: SageMaker reads every object under a channel's S3 prefix.
  const trainUri = await uploadFile(ctx.s3, files.train, {
    bucket,
    key: joinKey(prefix, 'data', run, 'train', 'train.csv'),
  });
  const validationUri = await uploadFile(ctx.s3, files.validation, {
    bucket,
    key: joinKey(prefix, 'data', run, 'validation', 'validation.csv'),
  });
  ctx.log(`uploaded ${trainUri} and ${validationUri}`);
  return {
    trainUri: path.posix.dirname(trainUri) + '/',
    validationUri: path.posix.dirname(validationUri) + '/',
    features: data.features,
  };
}

function trainingState(d: DescribeTrainingJobCommandOutput) {
  const status = d.TrainingJobStatus;
  const transition = d.SecondaryStatusTransitions?.at(-1)?.StatusMessage;
  return {
    done: status === 'Completed',
    failure:
      status === 'Failed'
        ? `training job ${d.TrainingJobName} failed: ${d.FailureReason ?? 'no reason given'}`
        : status === 'Stopped'
          ? `training job ${d.TrainingJobName} was stopped`
          : undefined,
    status: `${status ?? 'Unknown'} / ${d.SecondaryStatus ?? ''}${transition ? ` — ${transition}` : ''}`,
  };
}

/** Waits for a training job and returns its model.tar.gz URI and final metrics. */
export async function waitForTrainingJob(
  ctx: RunContext,
  name: string,
): Promise<{ modelUri: string; metrics: Record<string, number>; billableSeconds?: number }> {
  const now = ctx.now ?? (() => new Date());
  const done = await pollUntilDone(
    `training job ${name}`,
    () => ctx.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name })),
    trainingState,
    {
      ...pollOptions(ctx),
      onStatus: (status, d) => ctx.log(`[${elapsed(d.CreationTime, now())}] ${name}: ${status}`),
    },
  );
  const modelUri = done.ModelArtifacts?.S3ModelArtifacts;
  if (!modelUri) throw new SageMakerRunError(`training job ${name}`, 'completed without a model artifact');
  const metrics = Object.fromEntries(
    (done.FinalMetricDataList ?? []).map((m) => [m.MetricName ?? '?', m.Value ?? NaN]),
  );
  return { modelUri, metrics, billableSeconds: done.BillableTimeInSeconds };
}

export async function startTrainingJob(
  ctx: RunContext,
  data: { trainUri: string; validationUri: string },
  hyperparameters: Record<string, string>,
  name = jobName('telco-churn-xgb', (ctx.now ?? (() => new Date()))()),
): Promise<string> {
  const request = trainingJobRequest(ctx.settings, { name, ...data, hyperparameters });
  try {
    await ctx.sagemaker.send(new CreateTrainingJobCommand(request));
  } catch (cause) {
    throw stepFailed(`start training job ${name}`, cause);
  }
  ctx.log(`started training job ${name} (${request.AlgorithmSpecification?.TrainingImage})`);
  return name;
}

function tuningState(d: DescribeHyperParameterTuningJobCommandOutput) {
  const c = d.TrainingJobStatusCounters ?? {};
  const best = d.BestTrainingJob?.FinalHyperParameterTuningJobObjectiveMetric;
  const status = d.HyperParameterTuningJobStatus;
  return {
    done: status === 'Completed',
    failure:
      status === 'Failed' || status === 'Stopped'
        ? `tuning job ${d.HyperParameterTuningJobName} ${status.toLowerCase()}: ${d.FailureReason ?? 'no reason given'}`
        : undefined,
    status:
      `${status ?? 'Unknown'}: ${c.Completed ?? 0} completed, ${c.InProgress ?? 0} running, ` +
      `${(c.NonRetryableError ?? 0) + (c.RetryableError ?? 0)} failed, ${c.Stopped ?? 0} stopped early` +
      (best ? `; best ${best.MetricName} ${best.Value}` : ''),
  };
}

/** Starts a tuning job, waits, and returns the best training job's name and model. */
export async function runTuningJob(
  ctx: RunContext,
  data: { trainUri: string; validationUri: string },
  hyperparameters: Record<string, string>,
  limits: { maxJobs: number; maxParallel: number },
): Promise<{ tuningJob: string; bestJob: string; objective?: number; modelUri: string }> {
  const now = ctx.now ?? (() => new Date());
  const name = jobName('telco-churn-hpo', now(), 32);
  try {
    await ctx.sagemaker.send(
      new CreateHyperParameterTuningJobCommand(
        tuningJobRequest(ctx.settings, { name, ...data, hyperparameters, ...limits }),
      ),
    );
  } catch (cause) {
    throw stepFailed(`start tuning job ${name}`, cause);
  }
  ctx.log(
    `started tuning job ${name}: up to ${limits.maxJobs} training jobs, ${limits.maxParallel} at a time, maximising validation:auc`,
  );
  const done = await pollUntilDone(
    `tuning job ${name}`,
    () =>
      ctx.sagemaker.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name })),
    tuningState,
    {
      ...pollOptions(ctx),
      onStatus: (status, d) => ctx.log(`[${elapsed(d.CreationTime, now())}] ${name}: ${status}`),
    },
  );
  const best = done.BestTrainingJob;
  if (!best?.TrainingJobName)
    throw new SageMakerRunError(`tuning job ${name}`, 'completed without a best training job');
  const { modelUri } = await waitForTrainingJob(ctx, best.TrainingJobName);
  return {
    tuningJob: name,
    bestJob: best.TrainingJobName,
    objective: best.FinalHyperParameterTuningJobObjectiveMetric?.Value,
    modelUri,
  };
}

/**
 * Downloads model.tar.gz into `outDir` (beside `xgboost-model`, unpacked), after checking the
 * runtime can read it — so the directory is never left holding a model the API cannot load.
 */
export async function downloadModel(ctx: RunContext, modelUri: string, outDir: string): Promise<string> {
  const tarGz = await downloadObject(ctx.s3, parseS3Uri(modelUri));
  const modelBytes = modelFromTar(tarGz, modelUri);
  parseModel(modelBytes, modelUri);
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'model.tar.gz'), tarGz);
  await writeFile(path.join(outDir, MODEL_FILE), modelBytes);
  ctx.log(`downloaded ${modelUri} to ${outDir}`);
  return path.join(outDir, MODEL_FILE);
}
