import type { Factor } from '@telco-churn/core/contracts';
import { retentionActions } from '../retention';

const factor = (field: Factor['field'], value: string | number, effect: number): Factor => ({
  field,
  label: field,
  value,
  effect: Math.abs(effect),
  direction: effect >= 0 ? 'raises' : 'lowers',
});

describe('retention actions', () => {
  it('offers a one-year plan to a month-to-month customer whose contract raises the risk', () => {
    const actions = retentionActions([factor('contract', 'Month-to-month', 0.6)]);
    expect(actions.map((a) => a.title)).toEqual(['Offer a one-year plan']);
  });

  it('ignores factors that lower the risk', () => {
    expect(
      retentionActions([factor('contract', 'Two year', -0.8), factor('techSupport', 'Yes', -0.2)]),
    ).toEqual([]);
  });

  it('orders actions by the strength of the factor and does not repeat one', () => {
    const actions = retentionActions([
      factor('tenure', 2, 0.3),
      factor('paymentMethod', 'Electronic check', 0.5),
      factor('totalCharges', 150, 0.2),
    ]);
    expect(actions.map((a) => a.field)).toEqual(['paymentMethod', 'tenure']);
  });

  it('reads a small total charge as a new customer, a large one as a loyal spender', () => {
    expect(retentionActions([factor('totalCharges', 190, 0.3)])[0].title).toBe(
      'Run the first-year onboarding programme',
    );
    expect(retentionActions([factor('totalCharges', 5400, 0.3)])[0].title).toBe(
      'Recognise their spend so far',
    );
  });

  it('keeps to the limit', () => {
    const many = [
      factor('contract', 'Month-to-month', 0.9),
      factor('paymentMethod', 'Electronic check', 0.8),
      factor('internetService', 'Fiber optic', 0.7),
      factor('onlineSecurity', 'No', 0.6),
      factor('techSupport', 'No', 0.5),
    ];
    expect(retentionActions(many, 3)).toHaveLength(3);
  });
});
