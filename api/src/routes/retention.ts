import { randomInt } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import Joi from 'joi';
import type { Encoder } from '@telco-churn/core/features';
import type { Customer } from '@telco-churn/core/fields';
import { GROUP_NAMES, GROUP_NONE, selectCampaign } from '@telco-churn/core/retention/campaign';
import { Catalogue, CatalogueOverride, withOverrides } from '@telco-churn/core/retention/catalogue';
import { RetentionEngine, ScoreRows, createRetentionEngine } from '@telco-churn/core/retention/engine';
import { roundProbability } from '@telco-churn/core/retention/value';
import type {
  CampaignCustomer,
  CampaignInvalid,
  CampaignResponse,
  FieldError,
} from '@telco-churn/core/contracts';
import { protoKeyError, validateCustomer } from '@telco-churn/core/schema';
import { ValidationError } from '../errors';
import type { Logger } from '../logger';
import { jsonBody, limitBytes } from '../middleware/json-body';
import { locals } from '../middleware/request-context';
import type { Predictor } from '../predictors/types';
import type { PredictionRecorder, Recordable } from '../prediction-log/recorder';
import { sendJson } from './respond';

export const MAX_CAMPAIGN = 10_000;
export const DEFAULT_HOLDOUT = 0.1;
const MAX_SEED = 2 ** 32 - 1;

const PREFS: Joi.ValidationOptions = {
  convert: false,
  abortEarly: false,
  errors: { wrap: { label: false } },
};
const ENVELOPE_MESSAGES = { 'object.unknown': '{{#label}} is not a known field' };

/** The envelope only: the customer, economics and offers are checked by their own validators. */
export const retentionSchema = Joi.object({
  customer: Joi.any().required().messages({ 'any.required': 'customer is required: the 19 fields' }),
  economics: Joi.any(),
  offers: Joi.any(),
})
  .required()
  .prefs(PREFS)
  .messages({ ...ENVELOPE_MESSAGES, 'object.base': 'the body must be a JSON object with a customer' });

export const campaignSchema = Joi.object({
  customers: Joi.array()
    .min(1)
    .max(MAX_CAMPAIGN)
    .required()
    .messages({
      'any.required': `customers is required: a list of 1 to ${MAX_CAMPAIGN} customers`,
      'array.base': `customers must be a list of 1 to ${MAX_CAMPAIGN} customers`,
      'array.min': 'customers must hold at least 1 customer',
      'array.max': `customers must hold at most ${MAX_CAMPAIGN} customers`,
    }),
  budget: Joi.number().min(0).max(1e9).messages({ '*': 'budget must be a number from 0 to 1000000000' }),
  capacity: Joi.number()
    .integer()
    .min(0)
    .max(MAX_CAMPAIGN)
    .messages({ '*': `capacity must be a whole number from 0 to ${MAX_CAMPAIGN}` }),
  holdout_fraction: Joi.number()
    .min(0)
    .max(0.5)
    .messages({ '*': 'holdout_fraction must be a number from 0 to 0.5' }),
  seed: Joi.number()
    .integer()
    .min(0)
    .max(MAX_SEED)
    .messages({ '*': `seed must be a whole number from 0 to ${MAX_SEED}` }),
  economics: Joi.any(),
  offers: Joi.any(),
})
  .required()
  .prefs(PREFS)
  .messages({ ...ENVELOPE_MESSAGES, 'object.base': 'the body must be a JSON object with a customers list' });

const ID_FIELD = 'customerID';

/**
 * 10,000 customers are ~4.5 MB of JSON, over the default BODY_LIMIT of 1 MB. Lambda's
 * synchronous payload limit is 6 MB, so a larger body could not arrive in the cloud anyway.
 */
export const CAMPAIGN_BODY_LIMIT = '6mb';

/** The JSON body reader of /campaign: BODY_LIMIT or 6 MB, whichever is larger; a 413 names that limit. */
export function campaignBody(bodyLimit: string): RequestHandler[] {
  const limit = limitBytes(bodyLimit) > limitBytes(CAMPAIGN_BODY_LIMIT) ? bodyLimit : CAMPAIGN_BODY_LIMIT;
  return jsonBody(limit, 'campaign');
}

function envelopeErrors(schema: Joi.Schema, body: unknown, fallback: string): FieldError[] {
  const details = (schema.validate(body).error?.details ?? []).map((d) => ({
    field: d.path.length > 0 ? d.path.map(String).join('.') : fallback,
    message: d.message,
  }));
  const proto = protoKeyError(body);
  if (proto) details.push(proto);
  return details;
}

const prefixed = (prefix: string, errors: FieldError[]): FieldError[] =>
  errors.map((e) => ({ field: e.field === '(body)' ? prefix : `${prefix}.${e.field}`, message: e.message }));

/** The catalogue of a request: the defaults, with the request's economics and offers when given. */
function catalogueOf(
  base: RetentionEngine,
  baseCatalogue: Catalogue,
  override: CatalogueOverride,
  encoder: Encoder,
): { ok: true; engine: RetentionEngine } | { ok: false; errors: FieldError[] } {
  if (override.economics === undefined && override.offers === undefined) return { ok: true, engine: base };
  const resolved = withOverrides(baseCatalogue, override);
  return resolved.ok ? { ok: true, engine: createRetentionEngine(resolved.value, encoder) } : resolved;
}

/** A campaign item: the 19 fields plus an optional customerID, which validateCustomer must not see. */
function readItem(item: unknown): { customer: unknown; id?: string; errors: FieldError[] } {
  if (typeof item !== 'object' || item === null || Array.isArray(item) || !Object.hasOwn(item, ID_FIELD)) {
    return { customer: item, errors: [] };
  }
  const { [ID_FIELD]: id, ...customer } = item as Record<string, unknown>;
  if (typeof id === 'string' && id.length >= 1 && id.length <= 64) return { customer, id, errors: [] };
  return {
    customer,
    errors: [{ field: ID_FIELD, message: `${ID_FIELD} must be a string of 1 to 64 characters` }],
  };
}

export interface RetentionDeps {
  catalogue: Catalogue;
  encoder: Encoder;
  predictor: Predictor;
  modelVersion: string;
  /** The decision threshold the prediction log records beside each probability (as /predict's). */
  threshold: number;
  logger: Logger;
  recorder: PredictionRecorder;
}

export function retentionHandlers({
  catalogue,
  encoder,
  predictor,
  modelVersion,
  threshold,
  logger,
  recorder,
}: RetentionDeps) {
  const defaults = createRetentionEngine(catalogue, encoder);
  const scorer = (res: Response): ScoreRows => {
    const l = locals(res);
    l.predictorMs = 0;
    return async (features, nRows) => {
      const started = performance.now();
      const scores = await predictor.score(features, nRows, { requestId: l.requestId, logger });
      l.predictorMs = (l.predictorMs ?? 0) + performance.now() - started;
      return scores;
    };
  };

  async function retention(req: Request, res: Response, next: NextFunction): Promise<void> {
    const errors = envelopeErrors(retentionSchema, req.body, 'customer');
    if (errors.length > 0) return next(new ValidationError(errors, 'the retention request is not valid'));
    const body = req.body as { customer: unknown } & CatalogueOverride;
    const checked = validateCustomer(body.customer);
    if (!checked.ok) errors.push(...prefixed('customer', checked.errors));
    const setup = catalogueOf(defaults, catalogue, body, encoder);
    if (!setup.ok) errors.push(...setup.errors);
    if (!checked.ok || !setup.ok)
      return next(new ValidationError(errors, 'the retention request is not valid'));
    // The customer's own row is the first of the engine's first scorer call: its unrounded
    // probability gives the logged decision, exactly as /predict's (p >= threshold).
    const score = scorer(res);
    let own: number | undefined;
    const answer = await setup.engine.answer(checked.value, async (features, nRows) => {
      const scores = await score(features, nRows);
      own ??= scores[0];
      return scores;
    });
    const l = locals(res);
    l.rows = 1 + answer.offers.length;
    l.scores = answer.churn_probability;
    const record: Recordable = {
      churn_probability: answer.churn_probability,
      will_churn: (own ?? answer.churn_probability) >= threshold,
      threshold,
      model_version: modelVersion,
    };
    recorder.record('/retention', [checked.value], [record]);
    sendJson(res, 200, {
      prediction_id: record.prediction_id,
      ...answer,
      economics: setup.engine.economics,
      model_version: modelVersion,
    });
  }

  async function campaign(req: Request, res: Response, next: NextFunction): Promise<void> {
    const errors = envelopeErrors(campaignSchema, req.body, 'customers');
    if (errors.length > 0) return next(new ValidationError(errors, 'the campaign request is not valid'));
    const body = req.body as {
      customers: unknown[];
      budget?: number;
      capacity?: number;
      holdout_fraction?: number;
      seed?: number;
    } & CatalogueOverride;
    const setup = catalogueOf(defaults, catalogue, body, encoder);
    if (!setup.ok) return next(new ValidationError(setup.errors, 'the campaign assumptions are not valid'));

    const valid: Customer[] = [];
    const validAt: number[] = [];
    const ids: (string | undefined)[] = [];
    const invalid: CampaignInvalid[] = [];
    body.customers.forEach((item, index) => {
      const read = readItem(item);
      const checked = validateCustomer(read.customer);
      const itemErrors = [...read.errors, ...(checked.ok ? [] : checked.errors)];
      if (checked.ok && itemErrors.length === 0) {
        valid.push(checked.value);
        validAt.push(index);
        ids.push(read.id);
      } else {
        invalid.push({
          index,
          ...(read.id === undefined ? {} : { customerID: read.id }),
          errors: itemErrors,
        });
      }
    });
    if (valid.length === 0) {
      const details = invalid.flatMap((r) => prefixed(`customers.${r.index}`, r.errors));
      return next(new ValidationError(details, `none of the ${body.customers.length} customers is valid`));
    }

    const best = await setup.engine.best(valid, scorer(res));
    const seed = body.seed ?? randomInt(0, 2 ** 31);
    const holdoutFraction = body.holdout_fraction ?? DEFAULT_HOLDOUT;
    const selection = selectCampaign(
      { net: best.map((b) => b.expectedNetValue), cost: best.map((b) => b.cost) },
      { budget: body.budget, capacity: body.capacity, holdoutFraction, seed },
    );
    // One prediction-log record per scored customer, in the order of `valid`.
    // The recorder replaces the empty prediction_id with the record's id, as /predict's.
    const records = best.map((b): Recordable & { prediction_id: string } => ({
      prediction_id: '',
      churn_probability: roundProbability(b.p),
      will_churn: b.p >= threshold,
      threshold,
      model_version: modelVersion,
    }));
    recorder.record('/campaign', valid, records);
    const { ids: offerIds } = setup.engine.compiled;
    const customers = Array.from(selection.ranking, (k): CampaignCustomer => {
      const b = best[k];
      const group = selection.group[k];
      return {
        prediction_id: records[k].prediction_id,
        index: validAt[k],
        ...(ids[k] === undefined ? {} : { customerID: ids[k] }),
        churn_probability: roundProbability(b.p),
        value_at_risk: b.valueAtRisk,
        best_offer: b.code < 0 ? null : offerIds[b.code],
        expected_net_value: b.expectedNetValue,
        cost: b.cost,
        selected: group !== GROUP_NONE,
        group: GROUP_NAMES[group],
      };
    });
    locals(res).rows = body.customers.length;
    const answer: CampaignResponse = {
      model_version: modelVersion,
      summary: {
        total: body.customers.length,
        valid: valid.length,
        invalid: invalid.length,
        budget: body.budget ?? null,
        capacity: body.capacity ?? null,
        holdout_fraction: holdoutFraction,
        ...selection.summary,
      },
      economics: setup.engine.economics,
      customers,
      invalid,
    };
    sendJson(res, 200, answer);
  }

  function assumptions(_req: Request, res: Response): void {
    sendJson(res, 200, {
      economics: catalogue.economics,
      offers: catalogue.offers,
      pairs: defaults.compiled.ids.slice(catalogue.offers.length),
    });
  }

  return { retention, campaign, assumptions };
}
