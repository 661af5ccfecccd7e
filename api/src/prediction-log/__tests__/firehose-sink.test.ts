import { Writable } from 'node:stream';
import { FirehoseClient, PutRecordBatchCommand, PutRecordBatchCommandInput } from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import type { OutcomeRecord, PredictionRecord } from '@telco-churn/core/monitoring/records';
import { FIELD_NAMES } from '@telco-churn/core/fields';
import { createLogger } from '../../logger';
import {
  createFirehoseSink,
  FIREHOSE_LIMITS,
  FirehoseSinkOptions,
  packLines,
  planBatches,
} from '../firehose-sink';

const firehose = mockClient(FirehoseClient);
beforeEach(() => firehose.reset());

function prediction(i: number, extra = ''): PredictionRecord {
  return {
    prediction_id: `01KBT3M6Z8QF7J6W2ZB9X${String(i).padStart(5, '0')}`,
    time: '2026-12-06T16:40:00.123Z',
    source: extra ? `/predict${extra}` : '/predict',
    model_version: 'test-model',
    probability: 0.5,
    decision: true,
    threshold: 0.38,
    fields: Object.fromEntries(FIELD_NAMES.map((f) => [f, 'x'])) as PredictionRecord['fields'],
  };
}
const outcome: OutcomeRecord = {
  prediction_id: '01KBT3M6Z8QF7J6W2ZB9X00001',
  churned: true,
  observed_at: '2026-12-20T00:00:00.000Z',
  received_at: '2026-12-21T09:12:03.001Z',
};

function sinkWith(options: Partial<FirehoseSinkOptions> = {}) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).trim().split('\n'));
      done();
    },
  });
  const sink = createFirehoseSink({
    predictionsStream: 'churn-test-predictions',
    outcomesStream: 'churn-test-outcomes',
    region: 'eu-central-1',
    logger: createLogger({ level: 'info', stream }),
    baseDelayMs: 1,
    ...options,
  });
  return { sink, logs: () => lines.map((l) => JSON.parse(l)) };
}

const inputs = (): PutRecordBatchCommandInput[] =>
  firehose.commandCalls(PutRecordBatchCommand).map((c) => c.args[0].input);
/** The JSON lines a call carries, across its packed Firehose records. */
const decoded = (input: PutRecordBatchCommandInput) =>
  (input.Records ?? []).flatMap((r) => new TextDecoder().decode(r.Data).split(/(?<=\n)/));
const allOk = (input: PutRecordBatchCommandInput) => ({
  FailedPutCount: 0,
  RequestResponses: (input.Records ?? []).map((_, i) => ({ RecordId: `r${i}` })),
});

describe('createFirehoseSink', () => {
  it('sends each record as one JSON line to the stream of its kind', async () => {
    firehose.on(PutRecordBatchCommand).callsFake(allOk);
    const { sink } = sinkWith();
    sink.appendPredictions([prediction(1), prediction(2)]);
    sink.appendOutcomes([outcome]);
    await sink.flush();
    const byStream = Object.fromEntries(inputs().map((i) => [i.DeliveryStreamName, decoded(i)]));
    expect(byStream['churn-test-predictions']).toEqual([
      `${JSON.stringify(prediction(1))}\n`,
      `${JSON.stringify(prediction(2))}\n`,
    ]);
    expect(byStream['churn-test-outcomes']).toEqual([`${JSON.stringify(outcome)}\n`]);
    expect(sink.stats()).toEqual({ queued: 0, written: 3, failed: 0, dropped: 0 });
  });

  it('packs many lines into one Firehose record (each is billed as at least 5 KB)', async () => {
    firehose.on(PutRecordBatchCommand).callsFake(allOk);
    const { sink } = sinkWith();
    sink.appendPredictions(Array.from({ length: 1201 }, (_, i) => prediction(i)));
    await sink.flush();
    expect(inputs().map((i) => i.Records?.length)).toEqual([1]);
    expect(decoded(inputs()[0])).toHaveLength(1201);
    expect(sink.stats().written).toBe(1201);
  });

  it('fills Firehose records to 1,000 KiB of whole lines and calls to 4 MiB', () => {
    const line = `${'x'.repeat(999)}\n`;
    const { records, oversized } = packLines(Array.from({ length: 5000 }, () => line));
    expect([records.map((r) => r.lines), oversized]).toEqual([[1024, 1024, 1024, 1024, 904], 0]);
    expect(records.every((r) => r.data.byteLength <= FIREHOSE_LIMITS.recordBytes)).toBe(true);
    expect(planBatches(records).map((b) => b.length)).toEqual([4, 1]);
  });

  it('never puts more than 500 records in one call', () => {
    const small = { data: new Uint8Array(10), lines: 1 };
    expect(planBatches(Array.from({ length: 1201 }, () => small)).map((b) => b.length)).toEqual([
      500, 500, 201,
    ]);
  });

  it('sends as soon as a full call of data is queued, without waiting for the timer', async () => {
    firehose.on(PutRecordBatchCommand).callsFake(allOk);
    const { sink } = sinkWith({ flushMs: 60_000 });
    const big = Math.ceil(FIREHOSE_LIMITS.batchBytes / 1000);
    sink.appendPredictions(Array.from({ length: big }, (_, i) => prediction(i, 'x'.repeat(1000))));
    expect(firehose.commandCalls(PutRecordBatchCommand).length).toBeGreaterThan(0);
    await sink.close();
  });

  it('sends what is queued after flushMs without a flush call', async () => {
    firehose.on(PutRecordBatchCommand).callsFake(allOk);
    const { sink } = sinkWith({ flushMs: 20 });
    sink.appendPredictions([prediction(1)]);
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 60));
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(1);
  });

  it('counts a record over 1,000 KiB as failed and still sends the others', async () => {
    firehose.on(PutRecordBatchCommand).callsFake(allOk);
    const { sink, logs } = sinkWith();
    sink.appendPredictions([prediction(1, 'x'.repeat(FIREHOSE_LIMITS.recordBytes)), prediction(2)]);
    await sink.flush();
    expect(inputs().map((i) => i.Records?.length)).toEqual([1]);
    expect(sink.stats()).toEqual({ queued: 0, written: 1, failed: 1, dropped: 0 });
    expect(logs()[0].reason).toMatch(/larger than 1024000 bytes/);
  });

  it('resends only the records a partly failed batch reports, then counts all as written', async () => {
    firehose
      .on(PutRecordBatchCommand)
      .resolvesOnce({
        FailedPutCount: 1,
        RequestResponses: [
          { RecordId: 'a' },
          { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'slow down' },
          { RecordId: 'c' },
        ],
      })
      .callsFake(allOk);
    const { sink } = sinkWith();
    // Lines of 600 KB: one per Firehose record, so the middle record fails alone.
    const wide = [1, 2, 3].map((i) => prediction(i, 'x'.repeat(600_000)));
    sink.appendPredictions(wide);
    await sink.flush();
    const [first, second] = inputs();
    expect(first.Records).toHaveLength(3);
    expect(decoded(second)).toEqual([`${JSON.stringify(wide[1])}\n`]);
    expect(sink.stats()).toEqual({ queued: 0, written: 3, failed: 0, dropped: 0 });
  });

  it('gives up after maxAttempts, counts the failures and logs codes but no record content', async () => {
    firehose.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => ({
      FailedPutCount: input.Records!.length,
      RequestResponses: input.Records!.map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'boom' })),
    }));
    const { sink, logs } = sinkWith({ maxAttempts: 3 });
    sink.appendPredictions([prediction(1), prediction(2)]);
    await sink.flush();
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(3);
    expect(sink.stats()).toEqual({ queued: 0, written: 0, failed: 2, dropped: 0 });
    const [line] = logs();
    expect(line).toEqual(
      expect.objectContaining({
        level: 'error',
        stream: 'churn-test-predictions',
        records: 2,
        // Codes count Firehose records: both lines travelled in one.
        error_codes: { InternalFailure: 1 },
      }),
    );
    expect(JSON.stringify(logs())).not.toMatch(/prediction_id|fields|01KBT3M6/);
  });

  it('retries a throttled call and delivers on the next try', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    firehose.on(PutRecordBatchCommand).rejectsOnce(throttled).callsFake(allOk);
    const { sink } = sinkWith();
    sink.appendPredictions([prediction(1)]);
    await sink.flush();
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(2);
    expect(sink.stats().written).toBe(1);
  });

  it('does not retry a request error such as a missing stream, and never throws', async () => {
    const missing = Object.assign(new Error('Firehose churn-test-outcomes not found'), {
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
    firehose.on(PutRecordBatchCommand).rejects(missing);
    const { sink, logs } = sinkWith();
    sink.appendOutcomes([outcome]);
    await expect(sink.flush()).resolves.toBeUndefined();
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(1);
    expect(sink.stats()).toEqual({ queued: 0, written: 0, failed: 1, dropped: 0 });
    expect(logs()[0].reason).toMatch(/ResourceNotFoundException/);
  });

  it('drops and counts records beyond maxQueued instead of growing without bound', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    firehose.on(PutRecordBatchCommand).callsFake(async (input: PutRecordBatchCommandInput) => {
      await gate;
      return allOk(input);
    });
    const { sink, logs } = sinkWith({ maxQueued: 600 });
    sink.appendPredictions(Array.from({ length: 700 }, (_, i) => prediction(i)));
    expect(sink.stats()).toEqual({ queued: 600, written: 0, failed: 0, dropped: 100 });
    release();
    await sink.flush();
    expect(sink.stats()).toEqual({ queued: 0, written: 600, failed: 0, dropped: 100 });
    expect(logs().filter((l) => l.level === 'warn')).toHaveLength(1);
  });
});
