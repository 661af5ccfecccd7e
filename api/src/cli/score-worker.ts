/** A worker thread of the score CLI: loads the model once, then scores the batches it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import type { CsvRecord } from '@telco-churn/core/csv';
import { loadArtifact } from '@telco-churn/core/artifact';
import { createBatchScorer, type CustomerBatch } from './customer-batch';

export interface ScoreWorkerData {
  modelDir: string;
  header: CsvRecord;
  k: number;
}

const { modelDir, header, k } = workerData as ScoreWorkerData;
const port = parentPort!;

loadArtifact(modelDir).then(
  (artifact) => {
    const score = createBatchScorer(artifact, header, k);
    port.on('message', (batch: CustomerBatch) => port.postMessage(score(batch)));
    port.postMessage({ ready: true });
  },
  (error: unknown) => port.postMessage({ loadError: error instanceof Error ? error.message : String(error) }),
);
