/**
 * The retention assumptions: the economics (margin, horizon, contact cost) and the offers
 * catalogue, one JSON file shipped with defaults (`retention.json`), validated by joi at load,
 * overridable per request and per CLI run. Every error names the entry it is about
 * (`offers[3].cost.monthly must be ≥ 0`).
 */
import Joi from 'joi';
import { protoKeyPaths } from '../proto-keys';
import { ADD_ONS, FIELDS } from '../fields';
import type { FieldError } from '../contracts';
import defaults from './retention.json';

/**
 * The fields an offer may change: what the company can agree with a customer. Never tenure,
 * totalCharges or the demographics; never phoneService or internetService, whose dependants
 * would have to change with them. monthlyCharges changes only through `discount_percent`.
 */
export const ACTIONABLE_FIELDS = [
  'contract',
  'paymentMethod',
  'paperlessBilling',
  'multipleLines',
  ...ADD_ONS,
] as const;
export type ActionableField = (typeof ACTIONABLE_FIELDS)[number];

/** Fields no offer may ever change (the property test holds every offer to it). */
export const PROTECTED_FIELDS = [
  'tenure',
  'totalCharges',
  'gender',
  'seniorCitizen',
  'partner',
  'dependents',
] as const;

/** The values that mean "the service is absent": an offer cannot set them, only a service change can. */
export const ABSENT_SERVICE = ['No internet service', 'No phone service'];

export interface Economics {
  /** Share of monthlyCharges that is margin: monthly margin = monthlyCharges × margin_rate. */
  margin_rate: number;
  /** Months over which value and offer costs are counted. */
  horizon_months: number;
  /** Cost of contacting one customer with an offer, paid whether or not the offer is accepted. */
  contact_cost: number;
}

export interface Offer {
  id: string;
  label: string;
  /** Field → value the offer sets. */
  set: Partial<Record<ActionableField, string>>;
  /** Percentage off monthlyCharges for the horizon. */
  discount_percent: number;
  /** Field → the values from which the offer applies (e.g. only from a month-to-month contract). */
  applies_to: Partial<Record<ActionableField, string[]>>;
  cost: { one_off: number; monthly: number };
  /** Assumed share of contacted customers who take the offer. */
  acceptance_rate: number;
}

export interface Catalogue {
  economics: Economics;
  offers: Offer[];
}

export const MAX_OFFERS = 20;

/** Invalid retention assumptions: every problem, each naming its entry. */
export class RetentionConfigError extends Error {
  constructor(
    readonly errors: FieldError[],
    readonly source: string,
  ) {
    super(`${source} is not valid: ${errors.map((e) => e.message).join('; ')}`);
    this.name = 'RetentionConfigError';
  }
}

const money = (max: number) => Joi.number().min(0).max(max);
const fieldValues = (field: ActionableField) =>
  FIELDS[field].values.filter((v) => !ABSENT_SERVICE.includes(v));

const economicsKeys = {
  margin_rate: Joi.number().greater(0).max(1),
  horizon_months: Joi.number().integer().min(1).max(60),
  contact_cost: money(1000),
};

const notActionable = {
  'object.unknown': `{{#label}} is not a field an offer may change (${ACTIONABLE_FIELDS.join(', ')})`,
};
const setSchema = Joi.object(
  Object.fromEntries(ACTIONABLE_FIELDS.map((f) => [f, Joi.string().valid(...fieldValues(f))])),
).messages(notActionable);
const appliesSchema = Joi.object(
  Object.fromEntries(
    ACTIONABLE_FIELDS.map((f) => [
      f,
      Joi.array()
        .items(Joi.string().valid(...FIELDS[f].values))
        .min(1)
        .unique(),
    ]),
  ),
).messages(notActionable);

export const offerSchema = Joi.object({
  id: Joi.string()
    .pattern(/^[a-z0-9_]{1,40}$/)
    .required()
    .messages({ 'string.pattern.base': '{{#label}} must be 1 to 40 characters a-z, 0-9 or _' }),
  label: Joi.string().min(1).max(80).required(),
  set: setSchema.default({}),
  discount_percent: Joi.number().min(0).max(50).default(0),
  applies_to: appliesSchema.default({}),
  cost: Joi.object({ one_off: money(10000).default(0), monthly: money(1000).default(0) }).required(),
  acceptance_rate: Joi.number().greater(0).max(1).required(),
}).custom((offer: Offer, helpers) => {
  if (Object.keys(offer.set).length === 0 && offer.discount_percent === 0) {
    return helpers.message({ custom: '{{#label}} changes nothing: give set or discount_percent' });
  }
  return offer;
});

const offersSchema = Joi.array()
  .items(offerSchema)
  .min(1)
  .max(MAX_OFFERS)
  .unique('id')
  .messages({ 'array.unique': '{{#label}} repeats the offer id of an earlier offer' });

const MESSAGES = {
  'number.min': '{{#label}} must be ≥ {{#limit}}',
  'number.greater': '{{#label}} must be > {{#limit}}',
  'number.max': '{{#label}} must be ≤ {{#limit}}',
  'number.base': '{{#label}} must be a number',
  'number.integer': '{{#label}} must be a whole number',
  'any.only': '{{#label}} must be one of {{#valids}}',
  'object.unknown': '{{#label}} is not a known key',
};
const PREFS: Joi.ValidationOptions = {
  convert: false,
  abortEarly: false,
  errors: { wrap: { label: false, array: false } },
  messages: MESSAGES,
};

const catalogueSchema = Joi.object({
  economics: Joi.object(economicsKeys).required().options({ presence: 'required' }),
  offers: offersSchema.required(),
}).prefs(PREFS);

/** A partial economics object, merged over the defaults (also the OpenAPI component). */
export const economicsOverride = Joi.object(economicsKeys).prefs(PREFS);
const offersOverride = offersSchema.prefs(PREFS);

/** `offers.3.cost.monthly` (joi's label) → `offers[3].cost.monthly`. */
const pretty = (path: (string | number)[]): string =>
  path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');

function toErrors(error: Joi.ValidationError, prefix: (string | number)[]): FieldError[] {
  return error.details.map((d) => {
    const path = [...prefix, ...d.path];
    const label = d.context?.label ?? '';
    const named = pretty(path) || 'the retention settings';
    const message = label && d.message.startsWith(label) ? named + d.message.slice(label.length) : d.message;
    return { field: path.map(String).join('.') || '(body)', message };
  });
}

/**
 * `__proto__` keys at any depth, named as unknown keys: JSON.parse makes them own keys, which
 * joi's unknown-key check does not see, so the schemas alone would drop them without a word.
 */
function protoKeyErrors(input: unknown, prefix: (string | number)[]): FieldError[] {
  return protoKeyPaths(input).map((path) => {
    const full = [...prefix, ...path];
    return { field: full.join('.'), message: `${pretty(full)} is not a known key` };
  });
}

/** Validates a whole catalogue (the shipped file or `--economics file.json`); throws naming each entry. */
export function parseCatalogue(input: unknown, source: string): Catalogue {
  const { error, value } = catalogueSchema.validate(input);
  const errors = [...(error ? toErrors(error, []) : []), ...protoKeyErrors(input, [])];
  if (errors.length > 0) throw new RetentionConfigError(errors, source);
  return value as Catalogue;
}

export interface CatalogueOverride {
  economics?: unknown;
  offers?: unknown;
}

/**
 * The catalogue a request or run uses: `economics` keys replace the base's one by one, `offers`
 * replaces the whole list. Errors name the entry (`economics.margin_rate`, `offers[3].id`).
 */
export function withOverrides(
  base: Catalogue,
  override: CatalogueOverride,
): { ok: true; value: Catalogue } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let economics = base.economics;
  let offers = base.offers;
  if (override.economics !== undefined) {
    const checked = economicsOverride.validate(override.economics);
    if (checked.error) errors.push(...toErrors(checked.error, ['economics']));
    else economics = { ...economics, ...(checked.value as Partial<Economics>) };
    errors.push(...protoKeyErrors(override.economics, ['economics']));
  }
  if (override.offers !== undefined) {
    const checked = offersOverride.validate(override.offers);
    if (checked.error) errors.push(...toErrors(checked.error, ['offers']));
    else offers = checked.value as Offer[];
    errors.push(...protoKeyErrors(override.offers, ['offers']));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { economics, offers } };
}

/** The shipped assumptions (`retention.json`), validated once at load. */
export const DEFAULT_CATALOGUE: Catalogue = parseCatalogue(defaults, 'retention.json');
