import { clientIp, LoginLimiter } from '../rate-limit';

const policy = { maxFailures: 3, windowMs: 60_000, lockoutMs: 300_000 };
const make = () => new LoginLimiter({ ip: { ...policy, maxFailures: 5 }, user: policy });

describe('login limiter', () => {
  it('locks a user after the allowed number of failures, from any IP', () => {
    const limiter = make();
    for (let i = 0; i < 3; i++) limiter.recordFailure(`10.0.0.${i}`, 'admin', 1000);
    expect(limiter.retryAfterMs('10.9.9.9', 'ADMIN', 1000)).toBe(300_000);
  });

  it('locks an IP that guesses across many user names', () => {
    const limiter = make();
    for (let i = 0; i < 5; i++) limiter.recordFailure('10.0.0.1', `user${i}`, 1000);
    expect(limiter.retryAfterMs('10.0.0.1', 'someone-else', 1000)).toBeGreaterThan(0);
    expect(limiter.retryAfterMs('10.0.0.2', 'someone-else', 1000)).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const limiter = make();
    limiter.recordFailure('ip', 'admin', 0);
    limiter.recordFailure('ip', 'admin', 10_000);
    limiter.recordFailure('ip', 'admin', 70_001);
    expect(limiter.retryAfterMs('ip', 'admin', 70_001)).toBe(0);
  });

  it('lets the user in again once the lockout has passed', () => {
    const limiter = make();
    for (let i = 0; i < 3; i++) limiter.recordFailure('ip', 'admin', 0);
    expect(limiter.retryAfterMs('ip', 'admin', 299_999)).toBe(1);
    expect(limiter.retryAfterMs('ip', 'admin', 300_000)).toBe(0);
  });

  it('clears a user’s failures on a good login', () => {
    const limiter = make();
    limiter.recordFailure('ip', 'admin', 0);
    limiter.recordFailure('ip', 'admin', 0);
    limiter.recordSuccess('admin');
    limiter.recordFailure('ip', 'admin', 0);
    expect(limiter.retryAfterMs('other-ip', 'admin', 0)).toBe(0);
  });

  it('takes the client IP from the last X-Forwarded-For entry, the one the load balancer added', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '1.2.3.4, 203.0.113.9' }))).toBe('203.0.113.9');
    expect(clientIp(new Headers())).toBe('unknown');
  });
});
