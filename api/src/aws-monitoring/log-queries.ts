import { FIELD_NAMES } from '@telco-churn/core/fields';
import type { BinnedFields, OutcomeRecord, PredictionRecord } from '@telco-churn/core/monitoring/records';
import { AthenaQueryOptions, queryRows, Row, runQuery } from './athena';

export interface LogTables {
  database: string;
  predictions: string;
  outcomes: string;
}

export interface Window {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

const DAY_MS = 86_400_000;
const day = (t: Date) => t.toISOString().slice(0, 10);
const fieldColumn = (f: string) => `f_${f.toLowerCase()}`;
const IDENTIFIER = /^[a-z0-9_]{1,255}$/;

function quoted(name: string): string {
  // Names come from settings; anything but Glue's lowercase identifiers never reaches the SQL.
  if (!IDENTIFIER.test(name)) throw new RangeError(`"${name}" is not a Glue table or database name`);
  return `"${name}"`;
}

/**
 * Predictions made in the window. `dt` is the day Firehose received the record, never before the
 * prediction and at most a buffer interval after it, so the partitions from the window's first day
 * to the day after its end hold every one of them (partition pruning); `time` then cuts exactly.
 * Struct members come out as plain columns: no struct-to-text parsing.
 */
export function predictionsSql(tables: LogTables, window: Window): string {
  // Athena lowercases column names in results, so the aliases are lowercase from the start.
  const fields = FIELD_NAMES.map((f) => `fields.${f} AS "${fieldColumn(f)}"`).join(', ');
  const challenger = ['model_version', 'probability', 'decision', 'threshold']
    .map((c) => `challenger.${c} AS "c_${c}"`)
    .join(', ');
  return [
    `SELECT prediction_id, "time", source, model_version, probability, decision, threshold, ${fields}, ${challenger}`,
    `FROM ${quoted(tables.database)}.${quoted(tables.predictions)}`,
    `WHERE dt BETWEEN '${day(window.from)}' AND '${day(new Date(window.to.getTime() + DAY_MS))}'`,
    `AND "time" >= '${window.from.toISOString()}' AND "time" < '${window.to.toISOString()}'`,
  ].join('\n');
}

/** Outcomes received since the window began (an outcome never arrives before its prediction). */
export function outcomesSql(tables: LogTables, window: Window, now: Date): string {
  return [
    'SELECT prediction_id, churned, observed_at, received_at',
    `FROM ${quoted(tables.database)}.${quoted(tables.outcomes)}`,
    `WHERE dt BETWEEN '${day(window.from)}' AND '${day(now)}'`,
  ].join('\n');
}

/** Rows the job had to skip: lines the SerDe could not read arrive as NULL rows. */
export interface SkipCounter {
  bad_lines: number;
}

const number = (v: string | undefined) => (v === undefined ? NaN : Number(v));

export function predictionFromRow(row: Row): PredictionRecord | undefined {
  const probability = number(row.probability);
  const threshold = number(row.threshold);
  if (!row.prediction_id || !row.time || !row.model_version || !Number.isFinite(probability))
    return undefined;
  const fields = {} as BinnedFields;
  for (const f of FIELD_NAMES) fields[f] = row[fieldColumn(f)] ?? '';
  const record: PredictionRecord = {
    prediction_id: row.prediction_id,
    time: row.time,
    source: row.source ?? '',
    model_version: row.model_version,
    probability,
    decision: row.decision === 'true',
    threshold,
    fields,
  };
  const cp = number(row.c_probability);
  if (row.c_model_version && Number.isFinite(cp)) {
    record.challenger = {
      model_version: row.c_model_version,
      probability: cp,
      decision: row.c_decision === 'true',
      threshold: number(row.c_threshold),
    };
  }
  return record;
}

export function outcomeFromRow(row: Row): OutcomeRecord | undefined {
  if (!row.prediction_id || (row.churned !== 'true' && row.churned !== 'false')) return undefined;
  return {
    prediction_id: row.prediction_id,
    churned: row.churned === 'true',
    observed_at: row.observed_at ?? row.received_at ?? '',
    received_at: row.received_at ?? '',
  };
}

async function* mapped<T>(rows: AsyncIterable<Row>, map: (row: Row) => T | undefined, skipped: SkipCounter) {
  for await (const row of rows) {
    const record = map(row);
    if (record === undefined) skipped.bad_lines++;
    else yield record;
  }
}

/** Runs the query, then streams its rows as records; the monitor consumes them in one pass. */
export async function readPredictions(
  athena: AthenaQueryOptions,
  tables: LogTables,
  window: Window,
  skipped: SkipCounter,
): Promise<AsyncIterable<PredictionRecord>> {
  const id = await runQuery(athena, predictionsSql(tables, window));
  return mapped(queryRows(athena, id), predictionFromRow, skipped);
}

export async function readOutcomes(
  athena: AthenaQueryOptions,
  tables: LogTables,
  window: Window,
  now: Date,
  skipped: SkipCounter,
): Promise<AsyncIterable<OutcomeRecord>> {
  const id = await runQuery(athena, outcomesSql(tables, window, now));
  return mapped(queryRows(athena, id), outcomeFromRow, skipped);
}
