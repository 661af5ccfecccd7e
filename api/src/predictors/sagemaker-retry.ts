export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Uniform [0, 1); injectable so tests can pin the jitter. */
  random: () => number;
}

/**
 * "Full jitter" exponential backoff: a uniform wait in [0, min(max, base * 2^(attempt-1))).
 * Spreading the waits keeps many Lambdas hitting a cold endpoint from retrying in lockstep.
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(policy.random() * ceiling);
}
