import { PREDICTION_ID_PATTERN } from '@telco-churn/core/monitoring/records';
import { createIdGenerator, idTime } from '../prediction-id';

describe('prediction ids', () => {
  it('are 26 Crockford base32 characters that carry their millisecond', () => {
    const id = createIdGenerator(() => 1_765_000_000_123)();
    expect(id).toMatch(PREDICTION_ID_PATTERN);
    expect(idTime(id)).toBe(1_765_000_000_123);
  });

  it('strictly increase within one millisecond', () => {
    const next = createIdGenerator(() => 1_765_000_000_000);
    const ids = Array.from({ length: 10_000 }, next);
    expect(new Set(ids).size).toBe(10_000);
    expect([...ids].sort()).toEqual(ids);
  });

  it('keep increasing when the clock steps back', () => {
    let now = 2_000;
    const next = createIdGenerator(() => now);
    const a = next();
    now = 1_000;
    const b = next();
    expect(b > a).toBe(true);
  });

  it('sort by time across milliseconds', () => {
    let now = 5_000;
    const next = createIdGenerator(() => now);
    const early = next();
    now = 5_001;
    expect(next() > early).toBe(true);
  });
});
