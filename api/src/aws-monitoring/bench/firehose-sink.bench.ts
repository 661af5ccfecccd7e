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
  // Reference on the same machine, same moment: serialising the records and nothing else.
  let t = performance.now();
  for (const r of records) JSON.stringify(r);
  const stringifyUs = ((performance.now() - t) * 1000) / n;
  t = performance.now();
  for (let i = 0; i < n; i += 10) sink.appendPredictions(records.slice(i, i + 10));
  await sink.flush();
  const totalUs = ((performance.now() - t) * 1000) / n;
  const bytes = Buffer.byteLength(`${JSON.stringify(records[0])}\n`);
  console.log(
    `firehose sink: ${n.toLocaleString('en-US')} records of ${bytes} bytes queued, packed and sent (SDK serialisation included, ` +
      `network mocked) at ${totalUs.toFixed(1)} µs a record in ${calls} PutRecordBatch calls; ` +
      `reference: JSON.stringify alone ${stringifyUs.toFixed(1)} µs a record`,
  );
}

void main();
