import type { OutcomeRecord, PredictionRecord } from '@telco-churn/core/monitoring/records';

export type SinkKind = 'jsonl' | 'firehose' | 'off';

export interface SinkStats {
  /** Records handed to the sink and not yet written. */
  queued: number;
  written: number;
  /** Records a write failed for (counted and logged, never thrown at the request). */
  failed: number;
  /** Records refused because the queue was full (the backend is slower than the traffic). */
  dropped: number;
}

/**
 * Where prediction and outcome records go. `append*` queue and return at once: a request never
 * waits for the log and never fails because of it. Implementations batch (JSON-lines files
 * locally, Firehose PutRecordBatch on AWS).
 */
export interface RecordSink {
  readonly kind: SinkKind;
  appendPredictions(records: readonly PredictionRecord[]): void;
  appendOutcomes(records: readonly OutcomeRecord[]): void;
  /** Resolves when everything queued so far is written (or counted as failed). */
  flush(): Promise<void>;
  /** Flushes, then releases files and clients. */
  close(): Promise<void>;
  stats(): SinkStats;
}

/** A sink that keeps nothing: `PREDICTION_LOG=off`. */
export function createOffSink(): RecordSink {
  const stats: SinkStats = { queued: 0, written: 0, failed: 0, dropped: 0 };
  return {
    kind: 'off',
    appendPredictions: () => undefined,
    appendOutcomes: () => undefined,
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
    stats: () => ({ ...stats }),
  };
}
