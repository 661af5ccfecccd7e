import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { QueueFullError } from './one-at-a-time';

/**
 * bcrypt comparisons on worker threads. A cost-12 check takes ~0.3 s of CPU; on the server's one
 * event loop a burst of sign-ins stalled every other request (the ALB health check included).
 *
 * The worker's source is inline and requires bcryptjs at run time: next.config.ts lists bcryptjs
 * in serverExternalPackages, so the standalone output carries it in node_modules, where a
 * worker started from the server's folder finds it.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const bcrypt = require('bcryptjs');
parentPort.on('message', ({ password, hash }) => {
  try {
    parentPort.postMessage({ ok: bcrypt.compareSync(password, hash) });
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
});
`;

export class PasswordCheckError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PasswordCheckError';
  }
}

interface Job {
  password: string;
  hash: string;
  resolve: (ok: boolean) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

export class BcryptPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Job[] = [];

  /**
   * One worker per core the event loop does not need, at least one; past `maxWaiting` queued
   * checks a new one is refused (QueueFullError) rather than answered minutes later.
   */
  constructor(
    private readonly size = Math.max(1, Math.min(4, availableParallelism() - 1)),
    private readonly maxWaiting = 64,
  ) {}

  compare(password: string, hash: string): Promise<boolean> {
    if (this.waiting.length >= this.maxWaiting) return Promise.reject(new QueueFullError('password checks'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ password, hash, resolve, reject });
      this.dispatch();
    });
  }

  /** Ends the workers (tests); the pool starts new ones on the next compare. */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.waiting.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ password: job.password, hash: job.hash });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    // Idle workers must not keep a test process (or a stopping server) alive.
    worker.unref();
    const slot: Slot = { worker };
    worker.on('message', (answer: { ok?: boolean; error?: string }) => {
      const job = slot.job;
      slot.job = undefined;
      slot.worker.unref();
      if (job) {
        if (answer.error !== undefined) job.reject(new PasswordCheckError(`bcrypt failed: ${answer.error}`));
        else job.resolve(answer.ok === true);
      }
      this.dispatch();
    });
    const retire = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      slot.job?.reject(new PasswordCheckError('the password check worker stopped', { cause: error }));
      slot.job = undefined;
      this.dispatch();
    };
    worker.on('error', retire);
    worker.on('exit', (code) => retire(new Error(`worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }
}

const POOL = Symbol.for('churn-ui.bcrypt-pool');

/** The process's pool (on globalThis: Next.js may load this module in more than one bundle). */
export function bcryptPool(): BcryptPool {
  const global = globalThis as { [POOL]?: BcryptPool };
  global[POOL] ??= new BcryptPool();
  return global[POOL];
}
