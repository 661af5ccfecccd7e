import { UsageError } from '@telco-churn/config/errors';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { ModelParamsError } from '@telco-churn/core/model-params';
import { ModelFormatError, loadModel, predictProba } from '@telco-churn/xgboost-runtime';
import { loadArtifact } from '@telco-churn/core/artifact';
import { formatPythonFloat32 } from '@telco-churn/xgboost-runtime/python-float';
import { parseFeatureCsv } from './features-csv';
import { InputError, scoreCustomerFile } from './score-customers';

export const USAGE = `Usage:
  npm run score -- --model <xgboost-model | model.tar.gz | dir> --features <file.csv | ->
      Scores rows of model features (no header, no label: what SageMaker's text/csv takes) and
      prints one probability per line, as the SageMaker XGBoost 1.7-1 container answers.
  npm run score -- --model-dir <dir> --customers <file.csv | -> [--top <k>] [--workers <n>]
      Scores customers in the Telco file's format (or headed with the API's field names) with
      a model directory (xgboost-model + model_params.json) and writes CSV: line, customerID,
      churn_probability, will_churn and the top k factors (default 3). Streams in constant
      memory; n worker threads score (default: one per CPU; 0 scores on the main thread).
      The input must be UTF-8.
Exit codes: 0 all rows scored, 1 some rows were invalid (reported on stderr, skipped), 2 nothing scored.`;

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
}

const write = (stream: Writable, text: string): Promise<void> =>
  new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));

async function readInput(file: string, io: CliIo): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new UsageError(`cannot read ${file}: ${(cause as Error).message}`);
  }
}

async function scoreFeatures(modelPath: string, input: string, io: CliIo): Promise<number> {
  const booster = await loadModel(modelPath);
  const { rows, errors } = parseFeatureCsv(await readInput(input, io), booster.numFeature);
  if (errors.length > 0) {
    // All or nothing, like the container: the output lines must line up with the input lines.
    const shown = errors.slice(0, 20).map((e) => `score: ${e.message}\n`);
    if (errors.length > 20) shown.push(`score: ... and ${errors.length - 20} more lines\n`);
    await write(io.stderr, `${shown.join('')}score: nothing scored\n`);
    return 2;
  }
  const proba = predictProba(booster, rows.x, rows.nRows);
  const lines: string[] = [];
  for (let r = 0; r < rows.nRows; r++) lines.push(`${formatPythonFloat32(proba[r])}\n`);
  await write(io.stdout, lines.join(''));
  return 0;
}

function options(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        model: { type: 'string' },
        features: { type: 'string' },
        'model-dir': { type: 'string' },
        customers: { type: 'string' },
        top: { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (cause) {
    throw new UsageError((cause as Error).message);
  }
}

/** The `npm run score` program; returns the exit code. Streams are injected so tests can drive it. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const o = options(argv);
    if (o.help) {
      await write(io.stdout, `${USAGE}\n`);
      return 0;
    }
    if (o.model !== undefined && o.features !== undefined && o['model-dir'] === undefined) {
      return await scoreFeatures(o.model, o.features, io);
    }
    if (o['model-dir'] !== undefined && o.customers !== undefined && o.model === undefined) {
      const k = o.top === undefined ? 3 : Number(o.top);
      if (!Number.isInteger(k) || k < 0 || k > 19)
        throw new UsageError(`--top must be a whole number 0..19, got "${o.top}"`);
      const workers = o.workers === undefined ? availableParallelism() : Number(o.workers);
      if (!Number.isInteger(workers) || workers < 0 || workers > 64)
        throw new UsageError(`--workers must be a whole number 0..64, got "${o.workers}"`);
      const artifact = await loadArtifact(o['model-dir']);
      return await scoreCustomerFile({ artifact, input: o.customers, k, workers, ...io });
    }
    throw new UsageError('give either --model and --features, or --model-dir and --customers');
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof InputError ||
      error instanceof ModelFormatError ||
      error instanceof ModelParamsError
    ) {
      const usage = error instanceof UsageError ? `\n${USAGE}` : '';
      await write(io.stderr, `score: ${error.message}${usage}\n`);
      return 2;
    }
    throw error;
  }
}
