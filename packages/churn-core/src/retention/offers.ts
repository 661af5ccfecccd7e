/**
 * Offers as changes to a customer's actionable fields: which apply to whom (with the reason
 * when one does not), the changed customer each gives, and the pairs of offers that can be
 * made together (they change different fields).
 */
import type { Customer } from '../fields';
import { validateCustomer } from '../schema';
import { ABSENT_SERVICE, ActionableField, Offer } from './catalogue';

/** One thing to score for a customer: a single offer or a compatible pair. */
export interface Candidate {
  /** Index into the compiled catalogue's `ids` (a stable code for compact results). */
  code: number;
  id: string;
  label: string;
  /** Field → new value, monthlyCharges included when there is a discount. */
  changes: Changes;
  /** The customer with the changes made; passes validateCustomer. */
  customer: Customer;
  acceptanceRate: number;
  oneOffCost: number;
  /** What the offer costs the company a month (service cost, without the discount). */
  monthlyCost: number;
}

/** Field → new value: what an offer does to a customer (a subset of the 19 fields). */
export type Changes = Record<string, string | number>;

export interface Skipped {
  id: string;
  reason: string;
}

export interface CompiledOffers {
  readonly offers: readonly Offer[];
  /** Candidate ids: the offers, then every compatible pair `a+b` (a before b in the catalogue). */
  readonly ids: readonly string[];
  readonly labels: readonly string[];
  /** Per compatible pair: the two offer indices and its code in `ids`. */
  readonly pairs: readonly (readonly [number, number, number])[];
  /** Per offer, its conditions and changes as lists. */
  readonly rules: readonly OfferRules[];
}

/** An offer's `applies_to` and `set` as entry lists, made once: a campaign reads them for every customer. */
export interface OfferRules {
  readonly appliesTo: readonly (readonly [ActionableField, readonly string[]])[];
  readonly set: readonly (readonly [ActionableField, string])[];
}

const rulesOf = (offer: Offer): OfferRules => ({
  appliesTo: Object.entries(offer.applies_to) as [ActionableField, string[]][],
  set: Object.entries(offer.set) as [ActionableField, string][],
});

/** The fields an offer touches: its `set` keys, and monthlyCharges for a discount. */
const touched = (offer: Offer): string[] => [
  ...Object.keys(offer.set),
  ...(offer.discount_percent > 0 ? ['monthlyCharges'] : []),
];

/** Two offers can be made together when they change different fields. */
export const compatible = (a: Offer, b: Offer): boolean => {
  const fields = new Set(touched(a));
  return touched(b).every((f) => !fields.has(f));
};

export function compileOffers(offers: readonly Offer[]): CompiledOffers {
  const ids = offers.map((o) => o.id);
  const labels = offers.map((o) => o.label);
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < offers.length; i++) {
    for (let j = i + 1; j < offers.length; j++) {
      if (!compatible(offers[i], offers[j])) continue;
      pairs.push([i, j, ids.length]);
      ids.push(`${offers[i].id}+${offers[j].id}`);
      labels.push(`${offers[i].label} + ${offers[j].label}`);
    }
  }
  return { offers, ids, labels, pairs, rules: offers.map(rulesOf) };
}

/** The monthly bill after a percentage discount, in cents as a bill would show it. */
export const discounted = (monthlyCharges: number, percent: number): number =>
  Math.round(monthlyCharges * (100 - percent)) / 100;

const quoted = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(' or ');

/** Why the offer does not apply to this customer, or undefined when it does. */
export function notApplicable(
  customer: Customer,
  offer: Offer,
  rules: OfferRules = rulesOf(offer),
): string | undefined {
  for (const [field, values] of rules.appliesTo) {
    const current = customer[field];
    if (!values.includes(current)) {
      return `${field} is "${current}"; the offer is only for ${quoted(values)}`;
    }
  }
  for (const [field, value] of rules.set) {
    const current = customer[field];
    if (ABSENT_SERVICE.includes(current)) {
      return field === 'multipleLines'
        ? 'the customer has no phone service'
        : `the customer has no internet service (${field} is "${current}")`;
    }
    if (current === value) return `${field} is already "${value}"`;
  }
  if (
    offer.discount_percent > 0 &&
    discounted(customer.monthlyCharges, offer.discount_percent) === customer.monthlyCharges
  ) {
    return 'monthlyCharges is 0: there is nothing to discount';
  }
  return undefined;
}

function changesOf(customer: Customer, offer: Offer): Changes {
  const changes: Changes = { ...offer.set };
  if (offer.discount_percent > 0) {
    changes.monthlyCharges = discounted(customer.monthlyCharges, offer.discount_percent);
  }
  return changes;
}

/**
 * The changed customer, or the reason it cannot be made. The check by validateCustomer is the
 * guarantee the issue asks for: whatever a catalogue says, no invalid customer is ever scored.
 */
function changed(
  customer: Customer,
  changes: Changes,
): { ok: true; value: Customer } | { ok: false; reason: string } {
  const checked = validateCustomer({ ...customer, ...changes });
  if (checked.ok) return checked;
  return {
    ok: false,
    reason: `the changed customer is not valid: ${checked.errors.map((e) => e.message).join('; ')}`,
  };
}

/** What an offer or pair commits to, known before any customer is changed or scored. */
export interface OfferTerms {
  acceptanceRate: number;
  oneOffCost: number;
  /** What it costs the company a month (service cost, without the discount). */
  monthlyCost: number;
}

/** An offer's or pair's terms for one customer. */
export interface CandidateTerms extends OfferTerms {
  /** monthlyCharges after the change (the same as before without a discount). */
  monthlyCharges: number;
}

export const offerTerms = (offer: Offer): OfferTerms => ({
  acceptanceRate: offer.acceptance_rate,
  oneOffCost: offer.cost.one_off,
  monthlyCost: offer.cost.monthly,
});

/**
 * A pair's terms: its costs add up. Conservative: a bundle is taken only by customers who would
 * take each part (a free add-on does not make a two-year commitment more acceptable here).
 */
export const pairTerms = (a: OfferTerms, b: OfferTerms): OfferTerms => ({
  acceptanceRate: Math.min(a.acceptanceRate, b.acceptanceRate),
  oneOffCost: a.oneOffCost + b.oneOffCost,
  monthlyCost: a.monthlyCost + b.monthlyCost,
});

/** The single offers that apply (validated), and why the others do not. */
export function singleCandidates(
  customer: Customer,
  compiled: CompiledOffers,
): { singles: Candidate[]; skipped: Skipped[] } {
  const { offers } = compiled;
  const singles: Candidate[] = [];
  const skipped: Skipped[] = [];
  for (let i = 0; i < offers.length; i++) {
    const offer = offers[i];
    const reason = notApplicable(customer, offer, compiled.rules[i]);
    if (reason !== undefined) {
      skipped.push({ id: offer.id, reason });
      continue;
    }
    const changes = changesOf(customer, offer);
    const result = changed(customer, changes);
    if (!result.ok) {
      skipped.push({ id: offer.id, reason: result.reason });
      continue;
    }
    singles.push({
      code: i,
      id: offer.id,
      label: offer.label,
      changes,
      customer: result.value,
      ...offerTerms(offer),
    });
  }
  return { singles, skipped };
}

/** The compatible pairs of the given singles. */
export function pairCandidates(
  customer: Customer,
  compiled: CompiledOffers,
  singles: readonly Candidate[],
): Candidate[] {
  const { offers } = compiled;
  const byOffer = new Array<Candidate | undefined>(offers.length);
  for (const c of singles) byOffer[c.code] = c;
  const pairs: Candidate[] = [];
  for (const [i, j, code] of compiled.pairs) {
    const a = byOffer[i];
    const b = byOffer[j];
    if (a === undefined || b === undefined) continue;
    const changes = { ...a.changes, ...b.changes };
    const result = changed(customer, changes);
    if (!result.ok) continue;
    pairs.push({
      code,
      id: compiled.ids[code],
      label: compiled.labels[code],
      changes,
      customer: result.value,
      ...pairTerms(a, b),
    });
  }
  return pairs;
}

/** Every offer and compatible pair that applies to the customer, and why the others do not. */
export function candidatesFor(
  customer: Customer,
  compiled: CompiledOffers,
): { candidates: Candidate[]; skipped: Skipped[] } {
  const { singles, skipped } = singleCandidates(customer, compiled);
  return { candidates: [...singles, ...pairCandidates(customer, compiled, singles)], skipped };
}
