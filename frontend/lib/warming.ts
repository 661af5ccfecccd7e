import { ApiCallError } from './api-client';

const MAX_WARMING_RETRIES = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs an API call again while the model warms up (503 with Retry-After), up to 6 times; any
 * other failure is thrown at once. `onWarming` lets a streaming route tell the page it waits.
 */
export async function retryWhileWarming<T>(
  call: () => Promise<T>,
  onWarming?: (message: string, seconds: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ApiCallError) || error.body.kind !== 'warming' || attempt > MAX_WARMING_RETRIES)
        throw error;
      const seconds = error.body.retryAfterSeconds ?? 3;
      onWarming?.(error.body.message, seconds);
      await sleep(seconds * 1000);
    }
  }
}
