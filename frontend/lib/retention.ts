import type { FieldError, RiskLevel } from '@telco-churn/core/contracts';
import { FIELD_NAMES, type FieldName } from '@telco-churn/core/fields';
import type { Economics, Offer } from '@telco-churn/core/retention/catalogue';
import type { RetentionAnswer } from '@telco-churn/core/retention/value';
import { setField, type FormValues } from './form-state';

/**
 * The one idea of a retention offer in the UI: the API's catalogue (GET /retention/assumptions)
 * and its exact what-if (POST /retention). Type imports only: the catalogue's joi schema stays
 * on the servers, the browser bundle never carries it.
 */
export type { Economics, Offer, RetentionAnswer };
export type OfferResult = RetentionAnswer['offers'][number];

export interface Assumptions {
  economics: Economics;
  offers: Offer[];
}

export const ECONOMICS_KEYS = ['margin_rate', 'horizon_months', 'contact_cost'] as const;
export type EconomicsKey = (typeof ECONOMICS_KEYS)[number];

/** What the analyst can edit, kept as the text typed so a bad value reaches the API's message. */
export interface AssumptionDraft {
  economics: Record<EconomicsKey, string>;
  offers: {
    id: string;
    enabled: boolean;
    acceptance_rate: string;
    one_off: string;
    monthly: string;
    discount_percent: string;
  }[];
}

export function toDraft(assumptions: Assumptions): AssumptionDraft {
  return {
    economics: {
      margin_rate: String(assumptions.economics.margin_rate),
      horizon_months: String(assumptions.economics.horizon_months),
      contact_cost: String(assumptions.economics.contact_cost),
    },
    offers: assumptions.offers.map((o) => ({
      id: o.id,
      enabled: true,
      acceptance_rate: String(o.acceptance_rate),
      one_off: String(o.cost.one_off),
      monthly: String(o.cost.monthly),
      discount_percent: String(o.discount_percent ?? 0),
    })),
  };
}

/** A number when the text is one; otherwise the text itself, so the API names what is wrong. */
export const numberOrText = (text: string): number | string => {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
};

export interface Overrides {
  economics?: Record<string, number | string>;
  offers?: Record<string, unknown>[];
}

/**
 * The request's `economics` and `offers`: only what differs from the defaults, so an untouched
 * page sends neither and the API uses its file. `offerIds` maps an error's offer index back to
 * the offer it is about (disabled offers are left out of the list sent).
 */
export function toOverrides(
  defaults: Assumptions,
  draft: AssumptionDraft,
): { overrides: Overrides; offerIds: string[] } {
  const overrides: Overrides = {};
  const economics: Record<string, number | string> = {};
  for (const key of ECONOMICS_KEYS) {
    if (draft.economics[key] !== String(defaults.economics[key]))
      economics[key] = numberOrText(draft.economics[key]);
  }
  if (Object.keys(economics).length > 0) overrides.economics = economics;
  const unchanged = draft.offers.every((d, i) => {
    const o = defaults.offers[i];
    return (
      d.enabled &&
      d.acceptance_rate === String(o.acceptance_rate) &&
      d.one_off === String(o.cost.one_off) &&
      d.monthly === String(o.cost.monthly) &&
      d.discount_percent === String(o.discount_percent ?? 0)
    );
  });
  const kept = draft.offers.filter((d) => d.enabled);
  if (!unchanged)
    overrides.offers = kept.map((d) => {
      const o = defaults.offers.find((x) => x.id === d.id)!;
      return {
        ...o,
        acceptance_rate: numberOrText(d.acceptance_rate),
        discount_percent: numberOrText(d.discount_percent),
        cost: { one_off: numberOrText(d.one_off), monthly: numberOrText(d.monthly) },
      };
    });
  return { overrides, offerIds: kept.map((d) => d.id) };
}

/** The draft input an API error is about: `economics.margin_rate` or `<offer id>.cost.monthly`. */
export type AssumptionErrors = Record<string, string>;
const OFFER_KEYS: Record<string, string> = {
  acceptance_rate: 'acceptance_rate',
  discount_percent: 'discount_percent',
  'cost.one_off': 'one_off',
  'cost.monthly': 'monthly',
};

/**
 * Sorts the API's field errors: those about the assumptions go next to their input (keyed
 * `economics.<key>` or `<offer id>.<input>`), the rest are returned for the caller to show.
 */
export function splitAssumptionErrors(
  errors: readonly FieldError[],
  offerIds: readonly string[],
): { assumptions: AssumptionErrors; other: FieldError[] } {
  const assumptions: AssumptionErrors = {};
  const other: FieldError[] = [];
  for (const error of errors) {
    const economics = /^economics\.(\w+)$/.exec(error.field);
    const offer = /^offers\.(\d+)\.(.+)$/.exec(error.field);
    if (economics && (ECONOMICS_KEYS as readonly string[]).includes(economics[1]))
      assumptions[error.field] = error.message;
    else if (offer && offerIds[Number(offer[1])] !== undefined && OFFER_KEYS[offer[2]])
      assumptions[`${offerIds[Number(offer[1])]}.${OFFER_KEYS[offer[2]]}`] = error.message;
    else other.push(error);
  }
  return { assumptions, other };
}

/** The form with an offer's changes applied; dependent fields follow as when the analyst clicks. */
export function applyChanges(values: FormValues, changes: OfferResult['changes']): FormValues {
  let next = values;
  for (const [field, value] of Object.entries(changes)) {
    if (!(FIELD_NAMES as readonly string[]).includes(field)) continue;
    next = setField(next, field as FieldName, String(value));
  }
  return next;
}

export const RISK_TEXT: Record<RiskLevel, string> = {
  low: 'Low risk',
  medium: 'Medium risk',
  high: 'High risk',
};

export const formatPercent = (p: number, digits = 1): string => `${(p * 100).toFixed(digits)}%`;

export const formatMoney = (amount: number): string =>
  `${amount < 0 ? '−' : ''}$${Math.abs(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
