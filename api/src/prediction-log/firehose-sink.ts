import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import type { OutcomeRecord, PredictionRecord } from '@telco-churn/core/monitoring/records';
import type { Logger } from '../logger';
import type { RecordSink, SinkStats } from './sink';

/** PutRecordBatch's fixed limits (Firehose API reference): per call and per record, before base64. */
export const FIREHOSE_LIMITS = {
  records: 500,
  batchBytes: 4 * 1024 * 1024,
  recordBytes: 1_024_000,
} as const;

export interface FirehoseSinkOptions {
  predictionsStream: string;
  outcomesStream: string;
  /** Default: the SDK's region chain (AWS_REGION). */
  region?: string;
  /** Another endpoint than AWS's (a stub). */
  endpointUrl?: string;
  logger: Logger;
  /** A queue is sent this long after its first record arrives, unless a full batch goes first. Default 200 ms. */
  flushMs?: number;
  /** Records waiting beyond this are dropped and counted (Firehose slower than the traffic). Default 50,000. */
  maxQueued?: number;
  /** Tries per record, the first included; failed records are retried alone. Default 3. */
  maxAttempts?: number;
  /** Waits between tries: `baseDelayMs * 2^(try-1)`. Default 100 ms. */
  baseDelayMs?: number;
  /** Default: a client for `region` / `endpointUrl`. */
  client?: FirehoseClient;
}

/** Errors worth a second try: the service or the network, not the request itself. */
function retryable(error: unknown): boolean {
  const e = error as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  return (
    Boolean(e.$retryable) ||
    e.name === 'ServiceUnavailableException' ||
    e.name === 'ThrottlingException' ||
    status === undefined ||
    status >= 500
  );
}

/** One Firehose record: several JSON lines, whole lines only, so S3 objects stay line-delimited. */
export interface PackedRecord {
  readonly data: Uint8Array;
  /** Log records (lines) inside it: what the sink counts. */
  readonly lines: number;
}

/**
 * Packs JSON lines into Firehose records of up to 1,000 KiB. Firehose bills each record as at
 * least 5 KB and a prediction line is under 1 KB, so one record per line would cost ~6x the
 * bytes sent; packed, S3 receives the same lines. A line over 1,000 KiB alone is returned apart.
 */
export function packLines(lines: readonly string[]): { records: PackedRecord[]; oversized: number } {
  const records: PackedRecord[] = [];
  let oversized = 0;
  let chunk: string[] = [];
  let bytes = 0;
  const close = () => {
    if (chunk.length > 0) records.push({ data: Buffer.from(chunk.join('')), lines: chunk.length });
    chunk = [];
    bytes = 0;
  };
  for (const line of lines) {
    const size = Buffer.byteLength(line);
    if (size > FIREHOSE_LIMITS.recordBytes) {
      oversized++;
      continue;
    }
    if (bytes + size > FIREHOSE_LIMITS.recordBytes) close();
    chunk.push(line);
    bytes += size;
  }
  close();
  return { records, oversized };
}

/** Groups records into PutRecordBatch calls: at most 500 records and 4 MiB of data each. */
export function planBatches(records: readonly PackedRecord[]): PackedRecord[][] {
  const batches: PackedRecord[][] = [];
  let current: PackedRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = record.data.byteLength;
    if (current.length === FIREHOSE_LIMITS.records || bytes + size > FIREHOSE_LIMITS.batchBytes) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

interface StreamQueue {
  readonly name: string;
  readonly kind: 'predictions' | 'outcomes';
  lines: string[];
  bytes: number;
  timer?: NodeJS.Timeout;
}

/**
 * The prediction log on AWS: records are queued per stream as JSON lines (the same bytes as the
 * local files, so Athena reads one object per line), packed into Firehose records and sent with
 * PutRecordBatch. A failed call or a partly failed batch is retried for the failed Firehose
 * records only; what still fails is counted (in log records) and logged (stream, count, error
 * codes: never a record's content) and never reaches the request.
 */
export function createFirehoseSink(options: FirehoseSinkOptions): RecordSink {
  const flushMs = options.flushMs ?? 200;
  const maxQueued = options.maxQueued ?? 50_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const { logger } = options;
  const client =
    options.client ??
    new FirehoseClient({
      region: options.region,
      endpoint: options.endpointUrl,
      // The sink retries failed records itself; SDK retries would resend the whole batch.
      maxAttempts: 1,
    });
  const stats: SinkStats = { queued: 0, written: 0, failed: 0, dropped: 0 };
  const inFlight = new Set<Promise<void>>();
  const queues: Record<'predictions' | 'outcomes', StreamQueue> = {
    predictions: { name: options.predictionsStream, kind: 'predictions', lines: [], bytes: 0 },
    outcomes: { name: options.outcomesStream, kind: 'outcomes', lines: [], bytes: 0 },
  };

  const fail = (queue: StreamQueue, count: number, reason: string, codes?: Record<string, number>) => {
    stats.failed += count;
    logger.error('prediction log: records not delivered to Firehose', {
      stream: queue.name,
      records: count,
      reason,
      error_codes: codes,
    });
  };

  const linesIn = (records: readonly PackedRecord[]) => records.reduce((n, r) => n + r.lines, 0);

  async function sendBatch(queue: StreamQueue, batch: PackedRecord[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; ; attempt++) {
      let codes: Record<string, number> = {};
      let reason: string;
      try {
        const answer = await client.send(
          new PutRecordBatchCommand({
            DeliveryStreamName: queue.name,
            Records: pending.map((r) => ({ Data: r.data })),
          }),
        );
        const responses = answer.RequestResponses ?? [];
        const failed =
          (answer.FailedPutCount ?? 0) > 0 ? pending.filter((_, i) => responses[i]?.ErrorCode) : [];
        stats.written += linesIn(pending) - linesIn(failed);
        if (failed.length === 0) return;
        for (const r of responses) if (r.ErrorCode) codes[r.ErrorCode] = (codes[r.ErrorCode] ?? 0) + 1;
        reason = `${failed.length} of ${pending.length} Firehose records failed`;
        pending = failed;
      } catch (error) {
        reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        codes = {};
        if (!retryable(error)) return fail(queue, linesIn(pending), reason);
      }
      if (attempt >= maxAttempts) return fail(queue, linesIn(pending), reason, codes);
      await new Promise((resolve) => setTimeout(resolve, baseDelayMs * 2 ** (attempt - 1)));
    }
  }

  function send(queue: StreamQueue): void {
    if (queue.timer) clearTimeout(queue.timer);
    queue.timer = undefined;
    if (queue.lines.length === 0) return;
    const lines = queue.lines;
    queue.lines = [];
    queue.bytes = 0;
    const { records, oversized } = packLines(lines);
    if (oversized > 0) fail(queue, oversized, `record larger than ${FIREHOSE_LIMITS.recordBytes} bytes`);
    const batches = planBatches(records);
    const sending = lines.length - oversized;
    const done = Promise.all(batches.map((batch) => sendBatch(queue, batch)))
      .catch((error: unknown) => fail(queue, 0, `unexpected: ${String(error)}`))
      .then(() => {
        stats.queued -= sending;
        inFlight.delete(done);
      });
    stats.queued -= oversized;
    inFlight.add(done);
  }

  function append(queue: StreamQueue, records: readonly object[]): void {
    for (const record of records) {
      if (stats.queued >= maxQueued) {
        // One line per 1,000 drops: a backlog must be visible without flooding the log.
        if (stats.dropped % 1000 === 0)
          logger.warn('prediction log: queue full, records dropped', {
            stream: queue.name,
            max_queued: maxQueued,
          });
        stats.dropped++;
        continue;
      }
      const line = `${JSON.stringify(record)}\n`;
      queue.lines.push(line);
      // String length is a cheap lower bound of the UTF-8 size: a full call's worth goes at once.
      queue.bytes += line.length;
      stats.queued++;
      if (queue.bytes >= FIREHOSE_LIMITS.batchBytes) send(queue);
    }
    if (queue.lines.length > 0 && !queue.timer) {
      queue.timer = setTimeout(() => send(queue), flushMs);
      queue.timer.unref();
    }
  }

  async function flush(): Promise<void> {
    send(queues.predictions);
    send(queues.outcomes);
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  }

  return {
    kind: 'firehose',
    appendPredictions: (records: readonly PredictionRecord[]) => append(queues.predictions, records),
    appendOutcomes: (records: readonly OutcomeRecord[]) => append(queues.outcomes, records),
    flush,
    async close() {
      await flush();
      client.destroy();
    },
    stats: () => ({ ...stats }),
  };
}
