/**
 * Value at risk and the expected net value of each offer (formulas in README.md beside this
 * file). All figures are model-based estimates: the model's probability for the changed
 * customer, not a measured causal effect of making the offer.
 *
 * Scoring is left to the caller: `planRetention` encodes every customer and each of its
 * candidates into one row-major block, the caller scores it in one call (the in-process
 * runtime, or one SageMaker request), and `retentionAnswer` / `bestOffer` read the scores back.
 */
import type { Encoder } from '../features';
import type { Customer } from '../fields';
import type { Economics } from './catalogue';
import { Candidate, CandidateTerms, Changes, CompiledOffers, Skipped, candidatesFor } from './offers';

/** Probabilities as `POST /predict` answers them: the float32 value to six decimals. */
export const roundProbability = (p: number): number => Math.round(p * 1e6) / 1e6;
export const cents = (amount: number): number => Math.round(amount * 100) / 100;

export interface CustomerPlan {
  customer: Customer;
  candidates: Candidate[];
  skipped: Skipped[];
  /** Row of the customer as it is; its candidates follow in order. */
  row: number;
}

export interface RetentionPlan {
  plans: CustomerPlan[];
  features: Float32Array;
  nRows: number;
}

/** Rows for each customer (as is, then each applicable offer and pair), encoded in one block. */
export function planRetention(
  customers: readonly Customer[],
  compiled: CompiledOffers,
  encoder: Encoder,
): RetentionPlan {
  const plans: CustomerPlan[] = new Array(customers.length);
  let nRows = 0;
  for (let i = 0; i < customers.length; i++) {
    const { candidates, skipped } = candidatesFor(customers[i], compiled);
    plans[i] = { customer: customers[i], candidates, skipped, row: nRows };
    nRows += 1 + candidates.length;
  }
  const width = encoder.featureNames.length;
  const features = new Float32Array(nRows * width);
  for (const plan of plans) {
    encoder.encode(plan.customer, features, plan.row * width);
    for (let k = 0; k < plan.candidates.length; k++) {
      encoder.encode(plan.candidates[k].customer, features, (plan.row + 1 + k) * width);
    }
  }
  return { plans, features, nRows };
}

export interface OfferEconomics {
  /** What the offer commits the company to if accepted: contact + one-off + (monthly cost + discount) × horizon. */
  cost: number;
  /** The same, weighted by acceptance and by the chance the customer stays to be paid for. */
  expectedCost: number;
  /** acceptance × (p − p_after) × monthly margin × horizon − expected cost. */
  expectedNetValue: number;
}

export const monthlyMargin = (customer: Customer, economics: Economics): number =>
  customer.monthlyCharges * economics.margin_rate;

/** `chargesAfter`: the changed customer's monthlyCharges (lower by a discount). */
export function offerEconomics(
  customer: Customer,
  terms: Omit<CandidateTerms, 'monthlyCharges'>,
  chargesAfter: number,
  p: number,
  pAfter: number,
  economics: Economics,
): OfferEconomics {
  const h = economics.horizon_months;
  const a = terms.acceptanceRate;
  // A discount is margin given up each month the customer stays.
  const monthly = terms.monthlyCost + (customer.monthlyCharges - chargesAfter);
  const cost = economics.contact_cost + terms.oneOffCost + monthly * h;
  const expectedCost = economics.contact_cost + a * (terms.oneOffCost + (1 - pAfter) * monthly * h);
  const saved = a * (p - pAfter) * monthlyMargin(customer, economics) * h;
  return { cost, expectedCost, expectedNetValue: saved - expectedCost };
}

export interface OfferAnswer {
  id: string;
  label: string;
  changes: Changes;
  churn_probability_after: number;
  risk_reduction: number;
  acceptance_rate: number;
  cost: number;
  expected_cost: number;
  expected_net_value: number;
}

export interface RetentionAnswer {
  churn_probability: number;
  value_at_risk: number;
  customer_value: { monthly_margin: number; horizon_months: number };
  /** Best first (expected net value, then id). */
  offers: OfferAnswer[];
  skipped: Skipped[];
  /** The best offer when its expected net value is positive; otherwise contacting does not pay. */
  best_offer: string | null;
}

export const valueAtRisk = (customer: Customer, p: number, economics: Economics): number =>
  p * monthlyMargin(customer, economics) * economics.horizon_months;

/** The full answer for one planned customer, from the scores of the whole block. */
export function retentionAnswer(
  plan: CustomerPlan,
  scores: ArrayLike<number>,
  economics: Economics,
): RetentionAnswer {
  const { customer } = plan;
  const p = scores[plan.row];
  const offers = plan.candidates.map((c, k): OfferAnswer => {
    const pAfter = scores[plan.row + 1 + k];
    const e = offerEconomics(customer, c, c.customer.monthlyCharges, p, pAfter, economics);
    return {
      id: c.id,
      label: c.label,
      changes: c.changes,
      churn_probability_after: roundProbability(pAfter),
      risk_reduction: roundProbability(roundProbability(p) - roundProbability(pAfter)),
      acceptance_rate: c.acceptanceRate,
      cost: cents(e.cost),
      expected_cost: cents(e.expectedCost),
      expected_net_value: cents(e.expectedNetValue),
    };
  });
  offers.sort((x, y) => y.expected_net_value - x.expected_net_value || (x.id < y.id ? -1 : 1));
  return {
    churn_probability: roundProbability(p),
    value_at_risk: cents(valueAtRisk(customer, p, economics)),
    customer_value: {
      monthly_margin: cents(monthlyMargin(customer, economics)),
      horizon_months: economics.horizon_months,
    },
    offers,
    skipped: plan.skipped,
    best_offer: offers.length > 0 && offers[0].expected_net_value > 0 ? offers[0].id : null,
  };
}

export interface BestOffer {
  p: number;
  valueAtRisk: number;
  /** The best candidate's code (CompiledOffers.ids), or -1 when no offer pays. */
  code: number;
  expectedNetValue: number;
  cost: number;
}

export interface Pick {
  code: number;
  id: string;
  expectedNetValue: number;
  cost: number;
}

export const NO_PICK: Pick = { code: -1, id: '', expectedNetValue: 0, cost: 0 };

/**
 * The best of `candidates` (scored at `scores[offset + k]`) and `current`: the highest
 * cents-rounded net value, then the lowest id, and only a positive one. The same order as
 * `retentionAnswer` sorts its offers, so both name the same best offer.
 */
export function pickBest(
  customer: Customer,
  p: number,
  candidates: readonly Candidate[],
  scores: ArrayLike<number>,
  offset: number,
  economics: Economics,
  current: Pick = NO_PICK,
): Pick {
  let best = current;
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k];
    const e = offerEconomics(customer, c, c.customer.monthlyCharges, p, scores[offset + k], economics);
    const net = cents(e.expectedNetValue);
    if (beats(net, c.id, best)) best = { code: c.code, id: c.id, expectedNetValue: net, cost: cents(e.cost) };
  }
  return best;
}

/** Whether a candidate with this rounded net value and id ranks above `best` (see pickBest). */
export const beats = (net: number, id: string, best: Pick): boolean =>
  net > best.expectedNetValue || (best.code >= 0 && net === best.expectedNetValue && id < best.id);

/** Only the best offer, in cents-rounded money: what a campaign keeps of each customer. */
export function bestOffer(plan: CustomerPlan, scores: ArrayLike<number>, economics: Economics): BestOffer {
  const p = scores[plan.row];
  const best = pickBest(plan.customer, p, plan.candidates, scores, plan.row + 1, economics);
  return {
    p,
    valueAtRisk: cents(valueAtRisk(plan.customer, p, economics)),
    code: best.code,
    expectedNetValue: best.expectedNetValue,
    cost: best.cost,
  };
}

/**
 * The most an offer with these terms can be worth: its expected net value if the changed
 * customer's probability were 0 (the net value falls as p_after rises whenever the margin
 * exceeds the offer's monthly cost and discount, and is negative otherwise). A campaign scores
 * no offer whose bound cannot beat the best found so far.
 */
export function netUpperBound(
  customer: Customer,
  p: number,
  terms: CandidateTerms,
  economics: Economics,
): number {
  const atZero = offerEconomics(customer, terms, terms.monthlyCharges, p, 0, economics).expectedNetValue;
  return Math.max(atZero, -economics.contact_cost - terms.acceptanceRate * terms.oneOffCost);
}
