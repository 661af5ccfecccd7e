import type { Customer } from '../../fields';
import { generateCustomers } from '../../synthetic';
import { DEFAULT_CATALOGUE, Economics, Offer } from '../catalogue';
import { candidatesFor, compileOffers } from '../offers';
import { CustomerPlan, bestOffer, retentionAnswer } from '../value';

const economics: Economics = { margin_rate: 0.5, horizon_months: 12, contact_cost: 5 };
const customer: Customer = {
  ...generateCustomers(1, 3)[0].customer,
  contract: 'Month-to-month',
  monthlyCharges: 80,
};
const offer = (o: Partial<Offer> & Pick<Offer, 'id'>): Offer => ({
  label: o.id,
  set: {},
  discount_percent: 0,
  applies_to: {},
  cost: { one_off: 0, monthly: 0 },
  acceptance_rate: 0.5,
  ...o,
});

/** A plan whose rows are scored with given probabilities: the formulas alone, no model. */
function planOf(offers: Offer[]): CustomerPlan {
  const { candidates, skipped } = candidatesFor(customer, compileOffers(offers));
  return { customer, candidates, skipped, row: 0 };
}

describe('value at risk and expected net value', () => {
  it('values the customer at churn probability × monthly margin × horizon', () => {
    const answer = retentionAnswer(planOf([]), [0.4], economics);
    expect(answer.customer_value).toEqual({ monthly_margin: 40, horizon_months: 12 });
    expect(answer.value_at_risk).toBe(192); // 0.4 × 80 × 0.5 × 12
    expect(answer.best_offer).toBeNull();
  });

  it('counts an offer as acceptance × risk reduction × margin × horizon, less its expected cost', () => {
    const plan = planOf([
      offer({ id: 'contract', set: { contract: 'One year' }, cost: { one_off: 30, monthly: 2 } }),
    ]);
    const [o] = retentionAnswer(plan, [0.4, 0.1], economics).offers;
    // saved: 0.5 × 0.3 × 40 × 12 = 72; expected cost: 5 + 0.5 × (30 + 0.9 × 2 × 12) = 30.8
    expect(o.expected_cost).toBe(30.8);
    expect(o.expected_net_value).toBe(41.2);
    expect(o.cost).toBe(5 + 30 + 2 * 12);
    expect(o.risk_reduction).toBe(0.3);
    expect(o.churn_probability_after).toBe(0.1);
  });

  it('counts a discount as margin given up every month the customer stays', () => {
    const plan = planOf([offer({ id: 'd10', discount_percent: 10, acceptance_rate: 1 })]);
    const [o] = retentionAnswer(plan, [0.4, 0.2], economics).offers;
    // discount 8 a month; saved 1 × 0.2 × 40 × 12 = 96; expected cost 5 + 0.8 × 8 × 12 = 81.8
    expect(o.changes).toEqual({ monthlyCharges: 72 });
    expect(o.expected_cost).toBe(81.8);
    expect(o.expected_net_value).toBe(14.2);
    expect(o.cost).toBe(5 + 96);
  });

  it('ranks offers best first and names no best offer when none pays', () => {
    const plan = planOf([
      offer({ id: 'a', set: { techSupport: 'Yes' }, cost: { one_off: 0, monthly: 1 } }),
      offer({ id: 'b', set: { paymentMethod: 'Mailed check' }, cost: { one_off: 500, monthly: 0 } }),
    ]);
    const good = retentionAnswer(plan, [0.5, 0.2, 0.45, 0.15], economics);
    expect(good.offers.map((o) => o.id)).toEqual(
      ['a', 'a+b', 'b'].filter((id) => good.offers.some((o) => o.id === id)),
    );
    expect(good.best_offer).toBe('a');
    const useless = retentionAnswer(plan, [0.5, 0.5, 0.5, 0.5], economics);
    expect(useless.best_offer).toBeNull();
  });

  it('picks the same best offer, net value and cost for a campaign as the full answer does', () => {
    const compiled = compileOffers(DEFAULT_CATALOGUE.offers);
    for (const row of generateCustomers(50, 12)) {
      const { candidates, skipped } = candidatesFor(row.customer, compiled);
      const plan = { customer: row.customer, candidates, skipped, row: 0 };
      const scores = [0.5, ...candidates.map((_, k) => 0.5 - 0.01 * ((k * 7) % 13))];
      const full = retentionAnswer(plan, scores, DEFAULT_CATALOGUE.economics);
      const best = bestOffer(plan, scores, DEFAULT_CATALOGUE.economics);
      const top = full.offers.find((o) => o.id === full.best_offer);
      expect(best.code < 0 ? null : compiled.ids[best.code]).toBe(full.best_offer);
      expect(best.expectedNetValue).toBe(top?.expected_net_value ?? 0);
      expect(best.cost).toBe(top?.cost ?? 0);
      expect(best.valueAtRisk).toBe(full.value_at_risk);
    }
  });
});
