import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { ModelParamsError } from '@telco-churn/core/model-params';
import { parseTelcoCsv, toCsv } from '@telco-churn/core/telco-csv';
import { ModelFormatError, explain, loadModel, predictProba } from '@telco-churn/xgboost-runtime';
import { Artifact, loadArtifact } from '@telco-churn/core/artifact';
import { topFactors } from '@telco-churn/core/factors';
import { formatPythonFloat32 } from '@telco-churn/xgboost-runtime/python-float';
import { parseFeatureCsv } from './features-csv';

export const USAGE = `Usage:
  npm run score -- --model <xgboost-model | model.tar.gz | dir> --features <file.csv | ->
      Scores rows of model features (no header, no label: what SageMaker's text/csv takes) and
      prints one probability per line, as the SageMaker XGBoost 1.7-1 container answers.
  npm run score -- --model-dir <dir> --customers <file.csv | -> [--top <k>]
      Scores customers in the Telco file's format (or headed with the API's field names) with
      a model directory (xgboost-model + model_params.json) and writes CSV: line, customerID,
      churn_probability, will_churn and the top k factors (default 3).
Exit codes: 0 all rows scored, 1 some rows were invalid (reported on stderr, skipped), 2 nothing scored.`;

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
}

/** An error that ends the run with exit code 2 and one line on stderr. */
class UsageError extends Error {}

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

function progress(io: CliIo, total: number): (done: number) => void {
  if (!io.stderr.isTTY || total < 2000) return () => undefined;
  return (done) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    const bar = `${'#'.repeat(filled)}${' '.repeat(width - filled)}`;
    io.stderr.write(
      `\r[${bar}] ${Math.floor((done / total) * 100)}% ${done}/${total} rows${done === total ? '\n' : ''}`,
    );
  };
}

const factorText = (f: { field: string; value: string | number; effect: number }): string =>
  `${f.field}=${f.value} (${f.effect >= 0 ? '+' : ''}${f.effect.toFixed(3)})`;

async function scoreCustomers(artifact: Artifact, input: string, k: number, io: CliIo): Promise<number> {
  const parsed = parseTelcoCsv(await readInput(input, io));
  for (const e of parsed.errors) {
    const who = e.customerId ? ` (${e.customerId})` : '';
    await write(io.stderr, `score: line ${e.line}${who}, ${e.field}: ${e.message}\n`);
  }
  if (parsed.rows.length === 0) {
    await write(io.stderr, 'score: no valid rows to score\n');
    return 2;
  }
  const hasId = parsed.header.some((h) => h.toLowerCase() === 'customerid');
  const { encoder, booster, params } = artifact;
  const width = encoder.featureNames.length;
  const header = ['line', ...(hasId ? ['customerID'] : []), 'churn_probability', 'will_churn'];
  for (let i = 1; i <= k; i++) header.push(`factor_${i}`);
  await write(io.stdout, toCsv([header]));
  const report = progress(io, parsed.rows.length);
  const batch = 500;
  for (let start = 0; start < parsed.rows.length; start += batch) {
    const rows = parsed.rows.slice(start, start + batch);
    const x = encoder.encodeMany(rows.map((r) => r.customer));
    const proba = predictProba(booster, x, rows.length);
    const out = rows.map((row, i) => {
      const contribs = explain(booster, x.subarray(i * width, (i + 1) * width));
      const factors = topFactors(contribs, encoder.featureNames, row.customer, k, params.scaler).map(
        factorText,
      );
      const p = proba[i];
      return [
        row.line,
        ...(hasId ? [row.customerId ?? ''] : []),
        String(Math.round(p * 1e6) / 1e6),
        p >= params.threshold ? 'Yes' : 'No',
        ...factors,
        ...Array<string>(k - factors.length).fill(''),
      ];
    });
    await write(io.stdout, toCsv(out));
    report(Math.min(start + batch, parsed.rows.length));
  }
  const failed = new Set(parsed.errors.map((e) => e.line)).size;
  if (failed > 0)
    await write(io.stderr, `score: ${parsed.rows.length} rows scored, ${failed} rows skipped\n`);
  return failed > 0 ? 1 : 0;
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
      return await scoreCustomers(await loadArtifact(o['model-dir']), o.customers, k, io);
    }
    throw new UsageError('give either --model and --features, or --model-dir and --customers');
  } catch (error) {
    if (
      error instanceof UsageError ||
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
