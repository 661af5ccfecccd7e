/**
 * `npm run sagemaker:<command> -- [options]`: training, tuning, evaluation and batch transform
 * on SageMaker. Progress goes to stderr, results to stdout. Exit code 2 for a bad setting or
 * option, 1 for a failed step.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { S3Client } from '@aws-sdk/client-s3';
import { parseModel } from '@telco-churn/xgboost-runtime';
import { modelFromTar } from '@telco-churn/xgboost-runtime/tar';
import {
  COMMAND_OPTIONS,
  CommandName,
  loadSettings,
  toSageMakerHyperparameters,
  validateOptions,
} from './config';
import { DataFileError, SageMakerConfigError } from './errors';
import { readLabelledCsv } from './data-files';
import { parseModelParams } from '@telco-churn/core/model-params';
import { evaluateModel, summary } from './evaluate';
import { downloadObject, parseS3Uri } from './s3';
import {
  checkTrainingData,
  RunContext,
  downloadModel,
  runTuningJob,
  startTrainingJob,
  uploadTrainingData,
  waitForTrainingJob,
} from './training';
import { runBatchTransform } from './transform';
import { jobName } from './jobs';

const USAGE = `usage:
  npm run sagemaker:train -- --train <csv> --validation <csv> [--test <csv>] [--hyperparameters <json>]
                             [--model-params <json>] [--out <dir>] [--threshold 0.5]
                             [--tune [--max-jobs 20] [--max-parallel 2]]
  npm run sagemaker:evaluate -- --model <model.tar.gz | xgboost-model | s3://…/model.tar.gz> --test <csv> [--threshold 0.5]
  npm run sagemaker:transform -- --model-uri s3://…/model.tar.gz --input s3://…/data.csv [--output s3://…/] [--first-column-is-key]
CSV files: label (0/1) first, then the features, no header. Settings come from the environment (see notebooks-ts/sagemaker/README.md).`;

const log = (line: string): void => void process.stderr.write(`${line}\n`);

function context(needsRole: boolean): RunContext {
  const settings = loadSettings(process.env, needsRole);
  return {
    settings,
    sagemaker: new SageMakerClient({ region: settings.region }),
    s3: new S3Client({ region: settings.region }),
    log,
  };
}

interface TrainOptions {
  train: string;
  validation: string;
  test?: string;
  hyperparameters?: string;
  'model-params'?: string;
  out?: string;
  threshold: number;
  tune: boolean;
  'max-jobs': number;
  'max-parallel': number;
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new SageMakerConfigError(file, `${file}: cannot read it as JSON (${(cause as Error).message})`);
  }
}

/** Everything local is checked before the first AWS call, so a bad file costs no instance time. */
async function train(o: TrainOptions): Promise<void> {
  const json = o.hyperparameters ? await readJson(o.hyperparameters) : {};
  const checked = await checkTrainingData(o);
  if (o.test) {
    const test = await readLabelledCsv(o.test);
    if (test.nCols !== checked.features) {
      throw new DataFileError(
        o.test,
        1,
        `has ${test.nCols} features per row, the training file ${checked.features}`,
      );
    }
  }
  if (o['model-params']) {
    const params = parseModelParams(await readJson(o['model-params']), o['model-params']);
    if (params.featureNames.length !== checked.features) {
      throw new SageMakerConfigError(
        '--model-params',
        `${o['model-params']} names ${params.featureNames.length} features, the training file has ${checked.features}`,
      );
    }
  }
  const hyperparameters = toSageMakerHyperparameters(json, o.hyperparameters, checked.train);
  const ctx = context(true);
  const data = await uploadTrainingData(ctx, checked, jobName('run', new Date()));
  let job: string;
  let modelUri: string;
  let details: Record<string, unknown>;
  if (o.tune) {
    const tuned = await runTuningJob(ctx, data, hyperparameters, {
      maxJobs: o['max-jobs'],
      maxParallel: o['max-parallel'],
    });
    ({ bestJob: job, modelUri } = tuned);
    details = tuned;
  } else {
    job = await startTrainingJob(ctx, data, hyperparameters);
    const done = await waitForTrainingJob(ctx, job);
    modelUri = done.modelUri;
    details = { job, ...done };
  }
  const out = o.out ?? path.join('reports', 'sagemaker', job);
  const modelFile = await downloadModel(ctx, modelUri, out);
  if (o['model-params']) await copyFile(o['model-params'], path.join(out, 'model_params.json'));
  const evaluation = o.test ? await evaluateModel(modelFile, o.test, o.threshold) : undefined;
  if (evaluation) log(`test: ${summary(evaluation)}`);
  await writeFile(
    path.join(out, 'sagemaker-run.json'),
    JSON.stringify({ ...details, hyperparameters, data, evaluation: evaluation?.evaluation }, null, 2) + '\n',
  );
  process.stdout.write(
    `${JSON.stringify({ job, modelUri, out, auc: evaluation?.evaluation.auc, f1: evaluation?.evaluation.f1 })}\n`,
  );
}

async function evaluateCommand(o: { model: string; test: string; threshold: number }): Promise<void> {
  let model: string | ReturnType<typeof parseModel> = o.model;
  if (o.model.startsWith('s3://')) {
    const ctx = context(false);
    model = parseModel(modelFromTar(await downloadObject(ctx.s3, parseS3Uri(o.model)), o.model), o.model);
  }
  const result = await evaluateModel(model, o.test, o.threshold);
  log(summary(result));
  const { roc_curve: _r, pr_curve: _p, calibration: _c, ...headline } = result.evaluation;
  process.stdout.write(`${JSON.stringify(headline)}\n`);
}

async function transform(o: {
  'model-uri': string;
  input: string;
  output?: string;
  'first-column-is-key': boolean;
}): Promise<void> {
  const ctx = context(true);
  const done = await runBatchTransform(ctx, {
    modelUri: o['model-uri'],
    inputUri: o.input,
    outputUri: o.output,
    firstColumnIsKey: o['first-column-is-key'],
  });
  process.stdout.write(`${JSON.stringify(done)}\n`);
}

const COMMANDS: Record<CommandName, (values: Record<string, unknown>) => Promise<void>> = {
  train: (v) => train(validateOptions<TrainOptions>('train', v)),
  evaluate: (v) => evaluateCommand(validateOptions('evaluate', v)),
  transform: (v) => transform(validateOptions('transform', v)),
};

/** Every option of every command, typed for parseArgs; joi then checks which belong to the command. */
const BOOLEAN_OPTIONS = new Set(['tune', 'first-column-is-key']);
const PARSE_OPTIONS = Object.fromEntries(
  Object.values(COMMAND_OPTIONS)
    .flatMap((schema) => [...(schema.describe().keys ? Object.keys(schema.describe().keys) : [])])
    .map((name) => [name, { type: BOOLEAN_OPTIONS.has(name) ? ('boolean' as const) : ('string' as const) }]),
);

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || !(command in COMMANDS)) {
    log(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
    return 2;
  }
  try {
    let values: Record<string, unknown>;
    try {
      ({ values } = parseArgs({ args: rest, strict: true, allowPositionals: false, options: PARSE_OPTIONS }));
    } catch (cause) {
      throw new SageMakerConfigError(command, (cause as Error).message);
    }
    await COMMANDS[command as CommandName](values);
    return 0;
  } catch (error) {
    log(`error: ${(error as Error).message}`);
    if (error instanceof SageMakerConfigError) {
      log(USAGE);
      return 2;
    }
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
