import { parentPort, workerData } from 'node:worker_threads';
import { MODEL_KINDS } from './model-families';
import { ModelName } from './model-families/types';
import { prepare } from './prepare';
import { SearchSettings, searchAndFit, searchContext } from './fit-models';

/** What the main thread sends: how to rebuild the training rows, and which models to fit here. */
export interface WorkerJob {
  dataPath: string;
  testIdsPath?: string;
  settings: SearchSettings;
  names: ModelName[];
}

export type WorkerMessage =
  | { log: string }
  | { name: ModelName; result: ReturnType<typeof searchAndFit>['result']; model: unknown }
  | { error: string };

/**
 * A second thread for the second core: it rebuilds the same training rows (prepare is
 * deterministic and takes a fraction of a second) and searches the models it is given, sending
 * each fitted model back as its JSON.
 */
function main(job: WorkerJob): void {
  const port = parentPort!;
  try {
    const prepared = prepare({
      dataPath: job.dataPath,
      testIdsPath: job.testIdsPath,
      seed: job.settings.seed,
    });
    const ctx = searchContext(prepared, job.settings);
    for (const name of job.names) {
      const { result, model } = searchAndFit(name, ctx, job.settings, (log) =>
        port.postMessage({ log } satisfies WorkerMessage),
      );
      port.postMessage({ name, result, model: MODEL_KINDS[name].toJson(model) } satisfies WorkerMessage);
    }
  } catch (error) {
    port.postMessage({ error: (error as Error).stack ?? String(error) } satisfies WorkerMessage);
  }
}

if (parentPort) main(workerData as WorkerJob);
