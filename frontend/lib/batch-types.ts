import type { RiskLevel } from '@telco-churn/core/contracts';

/** One scored row as the batch page shows it (the server keeps the payload small). */
export interface ScoredRow {
  line: number;
  customerId?: string;
  probability: number;
  willChurn: boolean;
  /** The API's id of this prediction, for joining outcomes later (`POST /outcomes`). */
  predictionId: string;
  risk: RiskLevel;
  tenure: number;
  contract: string;
  monthlyCharges: number;
  internetService: string;
  /** The factors that raise this customer's risk most, as "Label: value". */
  drivers: string[];
}

export interface InvalidRow {
  line: number;
  customerId?: string;
  field: string;
  message: string;
}

/** The batch route's stream: one JSON object per line (NDJSON). */
export type BatchEvent =
  /** `invalid`: the first problems found (at most MAX_REPORTED_ERRORS); `invalidRows`: all rows with any. */
  | { type: 'start'; total: number; invalid: InvalidRow[]; invalidRows: number }
  | { type: 'progress'; done: number; total: number; scored: ScoredRow[]; invalid: InvalidRow[] }
  | { type: 'warming'; message: string; retryInSeconds: number }
  | { type: 'error'; message: string }
  | { type: 'done'; modelVersion?: string; threshold?: number };

/** The API scores at most this many customers per call. */
export const API_BATCH_LIMIT = 1000;
/**
 * The largest file the page accepts and the server reads (one constant for both): the real data
 * set is 7,043 rows, ~1 MB.
 */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
/** Rows per upload, counting rows with errors. */
export const MAX_ROWS = 50_000;
/** Problems listed per upload; past this the rows with problems are only counted. */
export const MAX_REPORTED_ERRORS = 1000;
