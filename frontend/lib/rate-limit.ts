/**
 * Failed-sign-in limiter. Two counters per attempt: one per user name *and* source (so nobody can
 * lock the admin out from elsewhere: a fresh source starts clean) and one per source across all
 * user names (so one source cannot spray names). An attempt is admitted only while failures plus
 * attempts still being checked stay under the limit: it counts from the moment it arrives, so a
 * burst cannot slip past the limit while bcrypt runs. Reaching the limit locks that key, for
 * longer each time it happens again (backoff), until it has been quiet for a day.
 *
 * In memory, per server process: each ECS task counts on its own, which bounds guessing to
 * tasks x limit per source per window.
 */
export interface LimitPolicy {
  maxFailures: number;
  windowMs: number;
  /** The first lock; every further lock of the same key doubles it, up to maxLockoutMs. */
  lockoutMs: number;
  maxLockoutMs: number;
}

interface Entry {
  failures: number[];
  inFlight: number;
  lockedUntil: number;
  /** Locks so far: the next one lasts lockoutMs x 2^strikes. */
  strikes: number;
  lastSeen: number;
}

export type Admission =
  | { admitted: true; finish: (outcome: 'success' | 'failure' | 'error', now?: number) => void }
  | { admitted: false; retryAfterMs: number };

/** Keys are forgotten (backoff included) after this long without an attempt. */
const MEMORY_MS = 24 * 3600_000;
const PRUNE_AT = 10_000;
/** Past this many keys, backoff memory gives way to bounded memory: idle keys go first. */
const HARD_CAP = 100_000;

export class LoginLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly policies: { pair: LimitPolicy; source: LimitPolicy }) {}

  private keys(source: string, user: string): [string, LimitPolicy][] {
    return [
      [`pair:${user.toLowerCase()}\n${source}`, this.policies.pair],
      [`source:${source}`, this.policies.source],
    ];
  }

  private entry(key: string, policy: LimitPolicy, now: number): Entry {
    const entry = this.entries.get(key) ?? {
      failures: [],
      inFlight: 0,
      lockedUntil: 0,
      strikes: 0,
      lastSeen: now,
    };
    entry.failures = entry.failures.filter((t) => t > now - policy.windowMs);
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * Admits an attempt and counts it at once, or says how long to wait. The caller must call
   * `finish` exactly once with the outcome of the password check.
   */
  admit(source: string, user: string, now = Date.now()): Admission {
    const keyed = this.keys(source, user).map(([key, policy]) => ({
      policy,
      entry: this.entry(key, policy, now),
    }));
    let wait = 0;
    for (const { policy, entry } of keyed) {
      if (entry.lockedUntil > now) wait = Math.max(wait, entry.lockedUntil - now);
      // Full with attempts still being checked: if they fail the key locks for at least this long.
      else if (entry.failures.length + entry.inFlight >= policy.maxFailures)
        wait = Math.max(wait, this.lockFor(policy, entry));
    }
    if (wait > 0) return { admitted: false, retryAfterMs: wait };
    for (const { entry } of keyed) {
      entry.inFlight += 1;
      entry.lastSeen = now;
    }
    let finished = false;
    const finish = (outcome: 'success' | 'failure' | 'error', at = Date.now()) => {
      if (finished) return;
      finished = true;
      this.finish(keyed, outcome, at);
    };
    this.prune(now);
    return { admitted: true, finish };
  }

  private finish(keyed: { policy: LimitPolicy; entry: Entry }[], outcome: string, now: number): void {
    keyed.forEach(({ policy, entry }, index) => {
      entry.inFlight -= 1;
      entry.lastSeen = now;
      if (outcome === 'success' && index === 0) {
        // This user from this source is who they say: their slate is clean. The source's
        // counter keeps its failures (one good sign-in must not unlock a guessing source).
        entry.failures = [];
        entry.strikes = 0;
      }
      if (outcome !== 'failure') return;
      entry.failures.push(now);
      if (entry.failures.length >= policy.maxFailures) {
        entry.lockedUntil = now + this.lockFor(policy, entry);
        entry.strikes += 1;
        entry.failures = [];
      }
    });
  }

  private lockFor(policy: LimitPolicy, entry: Entry): number {
    return Math.min(policy.maxLockoutMs, policy.lockoutMs * 2 ** Math.min(entry.strikes, 30));
  }

  /** Milliseconds until this user may try again from this source, or 0 when they may try now. */
  retryAfterMs(source: string, user: string, now = Date.now()): number {
    let wait = 0;
    for (const [key] of this.keys(source, user)) {
      const entry = this.entries.get(key);
      if (entry && entry.lockedUntil > now) wait = Math.max(wait, entry.lockedUntil - now);
    }
    return wait;
  }

  private prune(now: number): void {
    if (this.entries.size < PRUNE_AT) return;
    for (const [key, entry] of this.entries)
      if (entry.inFlight === 0 && entry.lockedUntil <= now && entry.lastSeen < now - MEMORY_MS)
        this.entries.delete(key);
    if (this.entries.size < HARD_CAP) return;
    const windowMs = Math.max(this.policies.pair.windowMs, this.policies.source.windowMs);
    for (const [key, entry] of this.entries)
      if (entry.inFlight === 0 && entry.lockedUntil <= now && entry.lastSeen < now - windowMs)
        this.entries.delete(key);
  }
}

const MINUTE = 60_000;

/**
 * 5 failures of one user from one source, or 20 from one source across user names, in 15
 * minutes. The pair locks for 5 minutes, then 10, 20 … up to 4 hours; the source for 15, 30 …
 * up to 24 hours.
 */
export const LOGIN_POLICIES = {
  pair: { maxFailures: 5, windowMs: 15 * MINUTE, lockoutMs: 5 * MINUTE, maxLockoutMs: 240 * MINUTE },
  source: { maxFailures: 20, windowMs: 15 * MINUTE, lockoutMs: 15 * MINUTE, maxLockoutMs: 1440 * MINUTE },
} as const;

export const loginLimiter = new LoginLimiter(LOGIN_POLICIES);
