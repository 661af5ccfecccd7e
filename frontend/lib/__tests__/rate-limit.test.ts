import { LoginLimiter, type Admission } from '../rate-limit';

const MINUTE = 60_000;
const make = (sourceMax = 5) =>
  new LoginLimiter({
    pair: { maxFailures: 3, windowMs: 10 * MINUTE, lockoutMs: MINUTE, maxLockoutMs: 4 * MINUTE },
    source: {
      maxFailures: sourceMax,
      windowMs: 10 * MINUTE,
      lockoutMs: 2 * MINUTE,
      maxLockoutMs: 60 * MINUTE,
    },
  });

function admitted(admission: Admission) {
  if (!admission.admitted) throw new Error(`refused for ${admission.retryAfterMs} ms`);
  return admission;
}

/** `n` completed wrong passwords for `user` from `source` at time `now`. */
function fail(limiter: LoginLimiter, source: string, user: string, n: number, now: number) {
  for (let i = 0; i < n; i++) {
    const attempt = limiter.admit(source, user, now);
    if (attempt.admitted) attempt.finish('failure', now);
  }
}

describe('login limiter', () => {
  it('counts an attempt from the moment it is admitted, so a burst stops at the limit', () => {
    const limiter = make();
    const burst = Array.from({ length: 40 }, () => limiter.admit('10.0.0.1', 'admin', 0));
    expect(burst.filter((a) => a.admitted)).toHaveLength(3);
    expect(burst.slice(3).every((a) => !a.admitted && a.retryAfterMs === MINUTE)).toBe(true);
  });

  it('locks a user from one source after the allowed failures, not the same user from another', () => {
    const limiter = make();
    fail(limiter, '10.0.0.1', 'admin', 3, 0);
    expect(limiter.admit('10.0.0.1', 'ADMIN', 1000).admitted).toBe(false);
    expect(limiter.admit('10.0.0.2', 'admin', 1000).admitted).toBe(true);
  });

  it('locks a source that guesses across many user names, and no other source', () => {
    const limiter = make();
    for (let i = 0; i < 5; i++) fail(limiter, '10.0.0.1', `user${i}`, 1, 0);
    expect(limiter.admit('10.0.0.1', 'someone-else', 0).admitted).toBe(false);
    expect(limiter.admit('10.0.0.2', 'someone-else', 0).admitted).toBe(true);
  });

  it('locks a pair that keeps failing for longer each time, up to the cap', () => {
    const limiter = make(1000);
    let now = 0;
    const locks: number[] = [];
    for (let round = 0; round < 4; round++) {
      fail(limiter, 'ip', 'admin', 3, now);
      const wait = limiter.retryAfterMs('ip', 'admin', now);
      locks.push(wait);
      now += wait;
    }
    expect(locks.map((ms) => ms / MINUTE)).toEqual([1, 2, 4, 4]);
  });

  it('forgets failures older than the window', () => {
    const limiter = make();
    fail(limiter, 'ip', 'admin', 2, 0);
    fail(limiter, 'ip', 'admin', 1, 10 * MINUTE + 1);
    expect(limiter.retryAfterMs('ip', 'admin', 10 * MINUTE + 1)).toBe(0);
  });

  it('lets the pair try again once the lockout has passed', () => {
    const limiter = make();
    fail(limiter, 'ip', 'admin', 3, 0);
    expect(limiter.admit('ip', 'admin', MINUTE - 1).admitted).toBe(false);
    expect(limiter.admit('ip', 'admin', MINUTE).admitted).toBe(true);
  });

  it('clears the pair’s failures and backoff on a good sign-in, but not the source’s', () => {
    const limiter = make();
    fail(limiter, 'ip', 'admin', 2, 0);
    admitted(limiter.admit('ip', 'admin', 0)).finish('success', 0);
    fail(limiter, 'ip', 'admin', 2, 0);
    expect(limiter.retryAfterMs('ip', 'admin', 0)).toBe(0);
    // 2 + 2 + 1 failures from the source: its fifth locks it.
    fail(limiter, 'ip', 'other', 1, 0);
    expect(limiter.admit('ip', 'third', 0).admitted).toBe(false);
  });

  it('does not count a check that broke (server error) as a failure', () => {
    const limiter = make();
    for (let i = 0; i < 5; i++) admitted(limiter.admit('ip', 'admin', 0)).finish('error', 0);
    expect(limiter.admit('ip', 'admin', 0).admitted).toBe(true);
  });

  it('ignores a second finish of the same attempt', () => {
    const limiter = make();
    const attempt = admitted(limiter.admit('ip', 'admin', 0));
    attempt.finish('failure', 0);
    attempt.finish('failure', 0);
    attempt.finish('failure', 0);
    expect(limiter.admit('ip', 'admin', 0).admitted).toBe(true);
  });
});
