/**
 * Worker threads for the score CLI. Each batch goes to the worker with the fewest batches in
 * hand; the caller gets a promise per batch and writes the results in input order.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BatchResult, CustomerBatch } from './customer-batch';
import type { ScoreWorkerData } from './score-worker';

// The CLI runs from TypeScript sources (tsx); a worker registers tsx's loader before loading its
// entry, so the same works under `npm run score`, jest and the bench.
const BOOT = `require('tsx/cjs/api').register(); require(require('node:worker_threads').workerData.entry);`;
const ENTRY = path.join(__dirname, 'score-worker.ts');
// A worker holds a few batches at a time (~1 MB each); without a cap V8 lets each heap grow to
// hundreds of MB before collecting, which is what kept the whole run above 300 MB.
const WORKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 12 };

interface Slot {
  worker: Worker;
  waiting: ((result: BatchResult) => void)[];
  ready: Promise<void>;
}

export class ScorePool {
  private readonly slots: Slot[];
  private failure: Error | undefined;
  private readonly failed: Promise<never>;

  constructor(size: number, data: ScoreWorkerData) {
    let fail: (error: Error) => void = () => undefined;
    this.failed = new Promise<never>((_, reject) => (fail = reject));
    this.failed.catch(() => undefined);
    this.slots = Array.from({ length: size }, () => {
      const worker = new Worker(BOOT, {
        eval: true,
        workerData: { ...data, entry: ENTRY },
        resourceLimits: WORKER_LIMITS,
      });
      const slot: Slot = { worker, waiting: [], ready: Promise.resolve() };
      const stop = (error: Error) => {
        this.failure ??= error;
        fail(this.failure);
      };
      slot.ready = new Promise<void>((resolve) => {
        worker.on('message', (message: BatchResult | { ready: true } | { loadError: string }) => {
          if ('ready' in message) resolve();
          else if ('loadError' in message)
            stop(new Error(`a scoring worker could not load the model: ${message.loadError}`));
          else slot.waiting.shift()?.(message);
        });
      });
      worker.on('error', stop);
      worker.on('exit', (code) => {
        if (code !== 0 || slot.waiting.length > 0) stop(new Error(`a scoring worker stopped (exit ${code})`));
      });
      return slot;
    });
  }

  /** Scores the batch on a worker; rejects if any worker fails. */
  score(batch: CustomerBatch): Promise<BatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.slots.reduce((a, b) => (b.waiting.length < a.waiting.length ? b : a));
    const result = new Promise<BatchResult>((resolve) => {
      slot.waiting.push(resolve);
      void slot.ready.then(() => slot.worker.postMessage(batch));
    });
    return Promise.race([result, this.failed]);
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
