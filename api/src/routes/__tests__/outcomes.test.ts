import { createIdGenerator } from '../../prediction-log/prediction-id';
import { checkOutcome } from '../outcomes';

// A prediction made on 20 February 2026, its outcome received on 10 March 2026.
const madeAt = Date.UTC(2026, 1, 20, 12);
const receivedAt = Date.UTC(2026, 2, 10, 12);
const predictionId = createIdGenerator(() => madeAt)();

const observed = (observedAt: string) =>
  checkOutcome({ prediction_id: predictionId, churned: true, observed_at: observedAt }, receivedAt);

describe('checkOutcome', () => {
  it('keeps an observed_at between the prediction and the receipt', () => {
    expect(observed('2026-02-28')).toMatchObject({
      ok: true,
      record: { observed_at: '2026-02-28T00:00:00.000Z' },
    });
    expect(observed('2026-03-01T09:30:00+01:00')).toMatchObject({
      ok: true,
      record: { observed_at: '2026-03-01T08:30:00.000Z' },
    });
  });

  it('refuses a day the calendar does not have, rather than moving it into the next month', () => {
    for (const day of ['2026-02-29', '2026-02-31', '2026-02-30T10:00:00Z']) {
      const checked = observed(day);
      expect(checked.ok).toBe(false);
      if (!checked.ok) expect(checked.errors.map((e) => e.field)).toEqual(['observed_at']);
    }
  });
});
