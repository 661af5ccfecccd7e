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

interface Pending {
  resolve: (result: BatchResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  waiting: Pending[];
  ready: Promise<void>;
}

export class ScorePool {
  private readonly slots: Slot[];
  private failure: Error | undefined;
  private closing = false;

  constructor(size: number, data: ScoreWorkerData) {
    this.slots = Array.from({ length: size }, () => {
      const worker = new Worker(BOOT, {
        eval: true,
        workerData: { ...data, entry: ENTRY },
        resourceLimits: WORKER_LIMITS,
      });
      const slot: Slot = { worker, waiting: [], ready: Promise.resolve() };
      slot.ready = new Promise<void>((resolve) => {
        worker.on('message', (message: BatchResult | { ready: true } | { loadError: string }) => {
          if ('ready' in message) resolve();
          else if ('loadError' in message)
            this.stop(new Error(`a scoring worker could not load the model: ${message.loadError}`));
          else slot.waiting.shift()?.resolve(message);
        });
      });
      worker.on('error', (error) => this.stop(error));
      worker.on('exit', (code) => {
        if (!this.closing) this.stop(new Error(`a scoring worker stopped (exit ${code})`));
      });
      return slot;
    });
  }

  /**
   * Fails every batch in hand. (Each batch's promise is settled here or by its result: racing
   * each against one long-lived "failed" promise kept every result reachable from it, a leak
   * of ~60 KB a batch that took 10 M rows past 400 MB.)
   */
  private stop(error: Error): void {
    this.failure ??= error;
    for (const slot of this.slots) for (const pending of slot.waiting.splice(0)) pending.reject(this.failure);
  }

  /** Scores the batch on a worker; rejects if any worker fails. */
  score(batch: CustomerBatch): Promise<BatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.slots.reduce((a, b) => (b.waiting.length < a.waiting.length ? b : a));
    return new Promise<BatchResult>((resolve, reject) => {
      slot.waiting.push({ resolve, reject });
      void slot.ready.then(() => slot.worker.postMessage(batch));
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
