import { Writable } from 'node:stream';
import { FirehoseClient, PutRecordBatchCommand, PutRecordBatchCommandInput } from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import { FIELD_NAMES } from '@telco-churn/core/fields';
import type { PredictionRecord } from '@telco-churn/core/monitoring/records';
import { createLogger } from '../../logger';
import { createFirehoseSink } from '../../prediction-log/firehose-sink';

/**
 * What the Firehose sink costs the API per record (serialise, encode, queue, batch), with the
 * network left out (a mocked client answers at once): `npx tsx api/src/aws-monitoring/bench/firehose-sink.bench.ts`.
 */
async function main(): Promise<void> {
  const firehose = mockClient(FirehoseClient);
  let calls = 0;
  firehose.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => {
    calls++;
    return { FailedPutCount: 0, RequestResponses: (input.Records ?? []).map(() => ({ RecordId: 'r' })) };
  });
  const sink = createFirehoseSink({
    predictionsStream: 'bench-predictions',
    outcomesStream: 'bench-outcomes',
    region: 'eu-central-1',
    maxQueued: 1_000_000,
    logger: createLogger({ level: 'error', stream: new Writable({ write: (_c, _e, done) => done() }) }),
  });
  const n = 100_000;
  const records: PredictionRecord[] = Array.from({ length: n }, (_, i) => ({
    prediction_id: `01KBT3M6Z8QF7J6W2ZB${String(i).padStart(7, '0')}`,
    time: new Date(Date.UTC(2026, 11, 6) + i).toISOString(),
    source: '/predict',
    model_version: '2026-11-24-xgb-48dac8a7',
    probability: 0.537057,
    decision: true,
    threshold: 0.382799,
    fields: Object.fromEntries(FIELD_NAMES.map((f) => [f, 'Month-to-month'])) as PredictionRecord['fields'],
  }));
  const started = performance.now();
  for (let i = 0; i < n; i += 10) sink.appendPredictions(records.slice(i, i + 10));
  const appended = performance.now();
  await sink.flush();
  const flushed = performance.now();
  const bytes = Buffer.byteLength(`${JSON.stringify(records[0])}\n`);
  console.log(
    `firehose sink: ${n.toLocaleString('en-US')} records of ${bytes} bytes appended in ${(appended - started).toFixed(0)} ms ` +
      `(${(((appended - started) * 1000) / n).toFixed(2)} µs a record), flushed in ${(flushed - appended).toFixed(0)} ms ` +
      `as ${calls} PutRecordBatch calls (reference: a /predict takes ~190 µs, api README)`,
  );
}

void main();
