import type { FieldName } from '../fields';

/**
 * The prediction log's records: one JSON object per line, snake_case keys so the same shape is an
 * Athena/Glue table on AWS. Local files: `<PREDICTION_LOG_DIR>/predictions/YYYY-MM-DD.jsonl` and
 * `<PREDICTION_LOG_DIR>/outcomes/YYYY-MM-DD.jsonl` (UTC day of `time` / `received_at`).
 */

/**
 * A customer's 19 fields as the log keeps them: categories as sent, numeric fields as the label
 * of their bin in the model's training reference (`"[12,29)"`, `"(-inf,2)"`, `"[61,inf)"`), never
 * the raw value. No identifier: the API has none unless the caller sends its own in a future route.
 */
export type BinnedFields = Record<FieldName, string>;

/** The challenger's score of the same request (shadow model: logged, never served). */
export interface ChallengerScore {
  model_version: string;
  probability: number;
  decision: boolean;
  threshold: number;
}

/** Where a prediction was made; new routes (retention, campaign) add their path. */
export type PredictionSource = '/predict' | '/predict/batch' | (string & {});

export interface PredictionRecord {
  /** 26-character ULID (Crockford base32): unique, sorts by time, monotonic within a millisecond. */
  prediction_id: string;
  /** ISO 8601 UTC, milliseconds. */
  time: string;
  source: PredictionSource;
  model_version: string;
  /** The champion's probability, 6 decimals (as answered). */
  probability: number;
  /** `will_churn` as answered: probability >= threshold. */
  decision: boolean;
  threshold: number;
  fields: BinnedFields;
  /** Present when CHALLENGER_MODEL_DIR is set and the challenger scored this request. */
  challenger?: ChallengerScore;
}

export interface OutcomeRecord {
  prediction_id: string;
  churned: boolean;
  /** When the outcome was observed (the caller's, ISO 8601), else the time it was received. */
  observed_at: string;
  /** ISO 8601 UTC, when the API (or the CSV loader) stored it. */
  received_at: string;
}

export type LogStream = 'predictions' | 'outcomes';
export const LOG_STREAMS: readonly LogStream[] = ['predictions', 'outcomes'];

/** ULID alphabet (Crockford base32, no I L O U), 26 characters. */
export const PREDICTION_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The UTC day (`YYYY-MM-DD`) a record is filed under. */
export const dayOf = (iso: string): string => iso.slice(0, 10);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isProbability = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;

/**
 * The checks a reader makes on each line (cheap: the writer is ours, this only guards against a
 * foreign or damaged line); the monitor counts what fails as bad lines.
 */
export function isPredictionRecord(v: unknown): v is PredictionRecord {
  if (!isObject(v)) return false;
  const c = v.challenger;
  return (
    typeof v.prediction_id === 'string' &&
    typeof v.time === 'string' &&
    typeof v.model_version === 'string' &&
    isProbability(v.probability) &&
    typeof v.decision === 'boolean' &&
    isProbability(v.threshold) &&
    isObject(v.fields) &&
    (c === undefined || (isObject(c) && isProbability(c.probability) && isProbability(c.threshold)))
  );
}

export function isOutcomeRecord(v: unknown): v is OutcomeRecord {
  return (
    isObject(v) &&
    typeof v.prediction_id === 'string' &&
    typeof v.churned === 'boolean' &&
    typeof v.observed_at === 'string'
  );
}
