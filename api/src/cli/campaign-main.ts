import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { CsvRecord, toCsv } from '@telco-churn/core/csv';
import type { Customer } from '@telco-churn/core/fields';
import { ModelParamsError } from '@telco-churn/core/model-params';
import { GROUP_NAMES, selectCampaign } from '@telco-churn/core/retention/campaign';
import {
  Catalogue,
  DEFAULT_CATALOGUE,
  RetentionConfigError,
  withOverrides,
} from '@telco-churn/core/retention/catalogue';
import { createRetentionEngine } from '@telco-churn/core/retention/engine';
import { roundProbability } from '@telco-churn/core/retention/value';
import { RowError, telcoIdReader } from '@telco-churn/core/telco-csv';
import { DEFAULT_MODEL_DIR } from '../config';
import { ModelFormatError, predictProba } from '@telco-churn/xgboost-runtime';
import { Artifact, loadArtifact } from '@telco-churn/core/artifact';
import { CampaignResults } from './campaign-results';
import { customerBatches, recordBatches } from './campaign-input';

export const USAGE = `Usage:
  npm run campaign -- --customers <file.csv> [--budget N] [--capacity N] [--holdout 0.1]
                      [--seed N] [--economics <file.json>] [--model-dir <dir>] > campaign.csv
Reads customers in the Telco file's format (or headed with the API's field names), finds each
customer's best retention offer, selects whom to contact within the budget and capacity, draws a
random holdout among the selected, and writes CSV in input order: line, customerID,
churn_probability, value_at_risk, best_offer, expected_net_value, cost, rank (1 = highest net
value) and group (treatment, holdout or none). --economics takes a JSON file with "economics"
and/or "offers" as in retention.json. All figures are model-based estimates, not causal effects.
Exit codes: 0 all rows used, 1 some rows were invalid (reported on stderr, skipped), 2 nothing used.`;

export interface CliIo {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
}

class UsageError extends Error {}

const write = (stream: Writable, text: string): Promise<void> =>
  new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));

const HEADER = [
  'line',
  'customerID',
  'churn_probability',
  'value_at_risk',
  'best_offer',
  'expected_net_value',
  'cost',
  'rank',
  'group',
];

interface Options {
  customers: string;
  budget?: number;
  capacity?: number;
  holdout: number;
  seed: number;
  economics?: string;
  modelDir: string;
}

function number(name: string, text: string | undefined, check: (n: number) => boolean, what: string) {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !check(n)) throw new UsageError(`--${name} must be ${what}, got "${text}"`);
  return n;
}

function options(argv: string[]): Options | 'help' {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        customers: { type: 'string' },
        budget: { type: 'string' },
        capacity: { type: 'string' },
        holdout: { type: 'string' },
        seed: { type: 'string' },
        economics: { type: 'string' },
        'model-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (cause) {
    throw new UsageError((cause as Error).message);
  }
  if (values.help) return 'help';
  if (values.customers === undefined) throw new UsageError('--customers <file.csv> is required');
  return {
    customers: values.customers,
    budget: number('budget', values.budget, (n) => n >= 0 && n <= 1e12, 'a number ≥ 0'),
    capacity: number('capacity', values.capacity, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0'),
    holdout: number('holdout', values.holdout, (n) => n >= 0 && n <= 0.5, 'a number from 0 to 0.5') ?? 0.1,
    seed:
      number(
        'seed',
        values.seed,
        (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
        'a whole number ≥ 0',
      ) ?? Math.floor(Math.random() * 2 ** 31),
    economics: values.economics,
    modelDir: values['model-dir'] ?? DEFAULT_MODEL_DIR,
  };
}

async function catalogueFrom(file: string | undefined): Promise<Catalogue> {
  if (file === undefined) return DEFAULT_CATALOGUE;
  let input: unknown;
  try {
    input = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new UsageError(`cannot read ${file} as JSON: ${(cause as Error).message}`);
  }
  const { economics, offers, ...rest } = (input ?? {}) as Record<string, unknown>;
  const stray = Object.keys(rest).map((key) => ({ field: key, message: `${key} is not a known key` }));
  const result = withOverrides(DEFAULT_CATALOGUE, { economics, offers });
  const errors = [...stray, ...(result.ok ? [] : result.errors)];
  if (errors.length > 0 || !result.ok) throw new RetentionConfigError(errors, file);
  return result.value;
}

function progress(io: CliIo, totalBytes: number) {
  let bytes = 0;
  let shown = -1;
  return {
    bytes: (n: number) => {
      bytes += n;
    },
    show: (pass: string, rows: number) => {
      if (!io.stderr.isTTY) return;
      const percent = totalBytes > 0 ? Math.floor((bytes / totalBytes) * 100) : 100;
      if (percent === shown) return;
      shown = percent;
      io.stderr.write(`\r${pass}: ${percent}% (${rows} customers)${percent >= 100 ? '\n' : ''}`);
    },
    reset: () => {
      bytes = 0;
      shown = -1;
    },
  };
}

async function run(o: Options, artifact: Artifact, catalogue: Catalogue, io: CliIo): Promise<number> {
  const { size } = await stat(o.customers).catch((cause: Error) => {
    throw new UsageError(`cannot read ${o.customers}: ${cause.message}`);
  });
  const engine = createRetentionEngine(catalogue, artifact.encoder);
  const score = (features: Float32Array, nRows: number) => predictProba(artifact.booster, features, nRows);
  const results = new CampaignResults();
  const failedLines = new Set<number>();
  const report = async (e: RowError): Promise<void> => {
    failedLines.add(e.line);
    const who = e.customerId ? ` (${e.customerId})` : '';
    await write(io.stderr, `campaign: line ${e.line}${who}, ${e.field}: ${e.message}\n`);
  };
  const bar = progress(io, size);

  // Pass 1: every customer's best offer, kept compactly (no rows, no ids).
  for await (const rows of customerBatches(o.customers, report, bar.bytes)) {
    const best = await engine.best(
      rows.map((r): Customer => r.customer),
      score,
    );
    for (let i = 0; i < rows.length; i++) results.push(best[i], rows[i].line);
    bar.show('scoring', results.length);
  }
  if (results.length === 0) {
    await write(io.stderr, 'campaign: no valid rows\n');
    return 2;
  }
  const selection = selectCampaign(results.view(), {
    budget: o.budget,
    capacity: o.capacity,
    holdoutFraction: o.holdout,
    seed: o.seed,
  });
  const rank = new Uint32Array(results.length);
  selection.ranking.forEach((k, position) => {
    rank[k] = position + 1;
  });

  // Pass 2: the same file again, in input order, the results beside each row's line and id.
  // Pass 1 kept the line of each customer it scored, so the rows are not read and validated
  // again: only the id is taken from each record that gave a customer.
  bar.reset();
  await write(io.stdout, toCsv([HEADER]));
  const ids = engine.compiled.ids;
  let idOf: ((record: CsvRecord) => string | undefined) | undefined;
  let k = 0;
  for await (const records of recordBatches(o.customers, bar.bytes)) {
    const out: (string | number)[][] = [];
    for (const record of records) {
      if (idOf === undefined) {
        idOf = telcoIdReader(record);
        continue;
      }
      if (k === results.length || record.line !== results.line[k]) continue;
      const code = results.code[k];
      out.push([
        record.line,
        idOf(record) ?? '',
        roundProbability(results.p[k]),
        results.valueAtRisk[k].toFixed(2),
        code < 0 ? '' : ids[code],
        results.net[k].toFixed(2),
        results.cost[k].toFixed(2),
        rank[k],
        GROUP_NAMES[selection.group[k]],
      ]);
      k++;
    }
    if (out.length > 0) await write(io.stdout, toCsv(out));
    bar.show('writing', k);
  }
  const s = selection.summary;
  await write(
    io.stderr,
    `campaign: ${results.length} customers scored, ${failedLines.size} rows skipped; ` +
      `selected ${s.selected} (treatment ${s.treatment}, holdout ${s.holdout}, seed ${s.seed}); ` +
      `treatment cost ${s.total_cost.toFixed(2)}, expected net value ${s.expected_net_value.toFixed(2)} ` +
      '(model-based estimates)\n',
  );
  return failedLines.size > 0 ? 1 : 0;
}

/** The `npm run campaign` program; returns the exit code. Streams are injected so tests can drive it. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const o = options(argv);
    if (o === 'help') {
      await write(io.stdout, `${USAGE}\n`);
      return 0;
    }
    const catalogue = await catalogueFrom(o.economics);
    return await run(o, await loadArtifact(o.modelDir), catalogue, io);
  } catch (error) {
    if (error instanceof RetentionConfigError) {
      const lines = error.errors.map((e) => `campaign: ${error.source}: ${e.message}\n`);
      await write(io.stderr, lines.join(''));
      return 2;
    }
    if (
      error instanceof UsageError ||
      error instanceof ModelFormatError ||
      error instanceof ModelParamsError
    ) {
      const usage = error instanceof UsageError ? `\n${USAGE}` : '';
      await write(io.stderr, `campaign: ${error.message}${usage}\n`);
      return 2;
    }
    throw error;
  }
}
