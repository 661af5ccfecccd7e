/**
 * Failed-login limiter: a sliding window of failures per key (one key per client IP, one per
 * user name). Reaching the limit locks the key for the lockout window. In memory, per server
 * process: each Fargate task counts on its own, which still bounds guessing to
 * tasks x limit per window.
 */
export interface LimitPolicy {
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
}

export class LoginLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly policies: { ip: LimitPolicy; user: LimitPolicy }) {}

  private keys(ip: string, user: string): [string, LimitPolicy][] {
    return [
      [`ip:${ip}`, this.policies.ip],
      [`user:${user.toLowerCase()}`, this.policies.user],
    ];
  }

  /** Milliseconds until the client may try again, or 0 when it may try now. */
  retryAfterMs(ip: string, user: string, now = Date.now()): number {
    let wait = 0;
    for (const [key] of this.keys(ip, user)) {
      const entry = this.entries.get(key);
      if (entry && entry.lockedUntil > now) wait = Math.max(wait, entry.lockedUntil - now);
    }
    return wait;
  }

  recordFailure(ip: string, user: string, now = Date.now()): void {
    for (const [key, policy] of this.keys(ip, user)) {
      const entry = this.entries.get(key) ?? { failures: [], lockedUntil: 0 };
      entry.failures = entry.failures.filter((t) => t > now - policy.windowMs);
      entry.failures.push(now);
      if (entry.failures.length >= policy.maxFailures) {
        entry.lockedUntil = now + policy.lockoutMs;
        entry.failures = [];
      }
      this.entries.set(key, entry);
    }
    this.prune(now);
  }

  /** A good login clears the user's failures (not the IP's: one user's success must not unlock a guessing IP). */
  recordSuccess(user: string): void {
    this.entries.delete(`user:${user.toLowerCase()}`);
  }

  private prune(now: number): void {
    if (this.entries.size < 10000) return;
    for (const [key, entry] of this.entries)
      if (entry.lockedUntil <= now && entry.failures.every((t) => t < now - 3600_000))
        this.entries.delete(key);
  }
}

const FIFTEEN_MINUTES = 15 * 60_000;

export const loginLimiter = new LoginLimiter({
  ip: { maxFailures: 20, windowMs: FIFTEEN_MINUTES, lockoutMs: FIFTEEN_MINUTES },
  user: { maxFailures: 5, windowMs: FIFTEEN_MINUTES, lockoutMs: FIFTEEN_MINUTES },
});

/**
 * The client's IP as the ALB saw it: the ALB appends the peer address to X-Forwarded-For, so the
 * last entry is the one a client cannot forge.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for');
  const last = forwarded?.split(',').pop()?.trim();
  return last || headers.get('x-real-ip') || 'unknown';
}
