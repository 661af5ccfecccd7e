/**
 * Waiting for a SageMaker job: poll its Describe call with a growing delay (training jobs take
 * minutes; polling every second would only burn API quota), report each change of status, and
 * ride out a few throttling or 5xx answers in a row, which long waits do meet.
 */
import { SageMakerRunError, stepFailed } from './errors';

export interface PollOptions {
  minDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  /** Injected by tests so no real time passes. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface PollState {
  done: boolean;
  /** Set when the job ended badly: the reason SageMaker gives. */
  failure?: string;
  /** One line describing where the job is, printed when it changes. */
  status: string;
}

const TRANSIENT = new Set([
  'ThrottlingException',
  'Throttling',
  'ServiceUnavailable',
  'InternalFailure',
  'RequestTimeout',
]);
const MAX_TRANSIENT_IN_A_ROW = 5;

function isTransient(error: unknown): boolean {
  const e = error as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  return TRANSIENT.has(e?.name ?? '') || !!e?.$retryable || (e?.$metadata?.httpStatusCode ?? 0) >= 500;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function pollUntilDone<T>(
  step: string,
  describe: () => Promise<T>,
  read: (description: T) => PollState,
  opts: PollOptions & { onStatus?: (status: string, description: T) => void },
): Promise<T> {
  const sleep = opts.sleep ?? realSleep;
  const now = opts.now ?? Date.now;
  const started = now();
  let delay = opts.minDelayMs;
  let last = '';
  let transient = 0;
  for (;;) {
    let description: T;
    try {
      description = await describe();
      transient = 0;
    } catch (cause) {
      if (!isTransient(cause) || ++transient >= MAX_TRANSIENT_IN_A_ROW) throw stepFailed(step, cause);
      await sleep(delay);
      delay = Math.min(opts.maxDelayMs, delay * 2);
      continue;
    }
    const state = read(description);
    if (state.status !== last) {
      last = state.status;
      opts.onStatus?.(state.status, description);
    }
    if (state.failure !== undefined) throw new SageMakerRunError(step, state.failure);
    if (state.done) return description;
    if (now() - started >= opts.timeoutMs) {
      throw new SageMakerRunError(
        step,
        `still "${state.status}" after ${Math.round(opts.timeoutMs / 60_000)} minutes; stopped waiting (the job itself goes on in SageMaker)`,
      );
    }
    await sleep(delay);
    delay = Math.min(opts.maxDelayMs, Math.round(delay * 1.5));
  }
}
