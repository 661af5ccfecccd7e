/** `npm run outcomes -- --file outcomes.csv`: outcomes from a CSV into the prediction log (or to an API). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { parseCsv } from '@telco-churn/core/csv';
import type { OutcomeRecord } from '@telco-churn/core/monitoring/records';
import { createLogger } from '../logger';
import { createJsonlSink } from '../prediction-log/jsonl-sink';
import { MAX_OUTCOMES, checkOutcome } from '../routes/outcomes';
import { UsageError } from '@telco-churn/config/errors';
import { runMain } from './run-main';

export const OUTCOMES_USAGE = `usage: npm run outcomes -- --file <outcomes.csv> [--dir <prediction log dir> | --url <API base URL>]
  CSV columns (header required, any order): prediction_id, churned (true/false, yes/no, 1/0)[, observed_at]
  Written to <dir>/outcomes/ (default PREDICTION_LOG_DIR), or sent to <url>/outcomes in requests of ${MAX_OUTCOMES}.
Exit codes: 0 all rows stored, 1 some rows refused (listed on stderr), 2 nothing stored.`;

const CHURNED: Record<string, boolean> = {
  true: true,
  yes: true,
  '1': true,
  false: false,
  no: false,
  '0': false,
};

export interface ParsedOutcomes {
  /** Outcomes as the API takes them, with the CSV line of each. */
  items: { line: number; outcome: Record<string, unknown> }[];
  problems: string[];
}

/** The CSV's rows as outcome objects; a row that cannot be one is named by its line. */
export function parseOutcomesCsv(text: string, file: string): ParsedOutcomes {
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = records[0]?.fields.map((h) => h.trim().toLowerCase()) ?? [];
  const column = (name: string): number => header.indexOf(name);
  const missing = ['prediction_id', 'churned'].filter((name) => column(name) < 0);
  if (missing.length > 0) throw new UsageError(`${file}: the header has no ${missing.join(' or ')} column`);
  const items: ParsedOutcomes['items'] = [];
  const problems: string[] = [];
  for (const record of records.slice(1)) {
    if (record.error) {
      problems.push(`${file}:${record.line}: ${record.error}`);
      continue;
    }
    if (record.fields.length === 1 && record.fields[0].trim() === '') continue;
    const cell = (name: string): string | undefined => record.fields[column(name)]?.trim();
    const churnedText = cell('churned')?.toLowerCase() ?? '';
    const outcome: Record<string, unknown> = {
      prediction_id: cell('prediction_id'),
      churned: churnedText in CHURNED ? CHURNED[churnedText] : churnedText,
    };
    const observed = column('observed_at') >= 0 ? cell('observed_at') : undefined;
    if (observed) outcome.observed_at = observed;
    items.push({ line: record.line, outcome });
  }
  return { items, problems };
}

async function postAll(url: string, outcomes: OutcomeRecord[]): Promise<void> {
  for (let at = 0; at < outcomes.length; at += MAX_OUTCOMES) {
    const chunk = outcomes
      .slice(at, at + MAX_OUTCOMES)
      .map(({ prediction_id, churned, observed_at }) => ({ prediction_id, churned, observed_at }));
    const res = await fetch(new URL('outcomes', url.endsWith('/') ? url : `${url}/`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcomes: chunk }),
    });
    if (res.status !== 202)
      throw new Error(
        `${url} answered ${res.status} to outcomes ${at}-${at + chunk.length - 1}: ${await res.text()}`,
      );
  }
}

export async function outcomesCli(args: string[], env = process.env): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { file: { type: 'string' }, dir: { type: 'string' }, url: { type: 'string' } },
  });
  if (!values.file) throw new UsageError(`--file is required\n${OUTCOMES_USAGE}`);
  if (values.dir && values.url) throw new UsageError('--dir and --url exclude each other');
  let text: string;
  try {
    text = await readFile(values.file, 'utf8');
  } catch (cause) {
    throw new UsageError(`cannot read ${values.file}: ${(cause as Error).message}`);
  }
  const { items, problems } = parseOutcomesCsv(text, values.file);
  const now = Date.now();
  const records: OutcomeRecord[] = [];
  const seen = new Map<string, number>();
  for (const { line, outcome } of items) {
    const checked = checkOutcome(outcome, now);
    if (!checked.ok) {
      problems.push(...checked.errors.map((e) => `${values.file}:${line}, column ${e.field}: ${e.message}`));
    } else if (seen.has(checked.record.prediction_id)) {
      problems.push(
        `${values.file}:${line}: prediction_id repeats line ${seen.get(checked.record.prediction_id)}`,
      );
    } else {
      seen.set(checked.record.prediction_id, line);
      records.push(checked.record);
    }
  }
  for (const p of problems.slice(0, 50)) console.error(p);
  if (problems.length > 50) console.error(`… and ${problems.length - 50} more`);
  if (records.length === 0) {
    console.error(`outcomes: nothing stored (${problems.length} problems)`);
    return 2;
  }
  let where: string;
  if (values.url) {
    await postAll(values.url, records);
    where = `${values.url}/outcomes`;
  } else {
    const dir = values.dir ? path.resolve(values.dir) : loadConfig(env).predictionLog.dir;
    const logger = createLogger({ level: 'error' });
    const sink = createJsonlSink({ dir, flushMs: 1000, logger, maxQueued: records.length });
    sink.appendOutcomes(records);
    await sink.close();
    const { failed } = sink.stats();
    if (failed > 0) throw new Error(`${failed} outcomes could not be written to ${dir}/outcomes`);
    where = path.join(dir, 'outcomes');
  }
  console.log(`outcomes: ${records.length} stored in ${where}, ${problems.length} refused`);
  return problems.length > 0 ? 1 : 0;
}

if (require.main === module) runMain('outcomes', (args) => outcomesCli(args));
