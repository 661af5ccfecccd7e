/**
 * A process that writes prediction records through the JSON-lines sink as fast as it can, until
 * it is killed: the crash-safety test's victim. Records carry a sequence number in their id.
 */
import { createLogger } from '../../logger';
import { createJsonlSink } from '../jsonl-sink';
import type { PredictionRecord } from '@telco-churn/core/monitoring/records';

const dir = process.argv[2];
const sink = createJsonlSink({ dir, flushMs: 2, batchSize: 500, logger: createLogger({ level: 'error' }) });
const fields = Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`f${i}`, 'x'.repeat(40)]));
let seq = 0;

function burst(): void {
  const records: PredictionRecord[] = [];
  for (let i = 0; i < 200; i++, seq++) {
    records.push({
      prediction_id: String(seq).padStart(26, '0'),
      time: '2026-12-06T12:00:00.000Z',
      source: '/predict',
      model_version: 'crash-test',
      probability: 0.5,
      decision: true,
      threshold: 0.5,
      fields: fields as PredictionRecord['fields'],
    });
  }
  sink.appendPredictions(records);
  if (seq === 20_000) process.stdout.write('ready\n');
  setImmediate(burst);
}
burst();
