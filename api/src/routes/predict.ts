import type { NextFunction, Request, Response } from 'express';
import Joi from 'joi';
import type { Customer } from '@telco-churn/core/fields';
import type { BatchResult } from '@telco-churn/core/contracts';
import { protoKeyError, validateCustomer } from '@telco-churn/core/schema';
import { ValidationError } from '../errors';
import type { Logger } from '../logger';
import { locals } from '../middleware/request-context';
import { sendJson } from './respond';
import type { Scorer } from './scoring';

export const MAX_BATCH = 1000;

/** The batch envelope only; each customer is validated on its own so one bad row sinks nothing else. */
export const batchSchema = Joi.object({
  customers: Joi.array()
    .min(1)
    .max(MAX_BATCH)
    .required()
    .messages({
      'any.required': 'customers is required: a list of 1 to 1000 customers',
      'array.base': 'customers must be a list of 1 to 1000 customers',
      'array.min': 'customers must hold at least 1 customer',
      'array.max': `customers must hold at most ${MAX_BATCH} customers`,
    }),
})
  .required()
  .prefs({ convert: false, abortEarly: false, errors: { wrap: { label: false } } })
  .messages({
    'object.unknown': '{{#label}} is not a known field; send only customers',
    'object.base': 'the body must be a JSON object with a customers list',
    'any.required': 'the body must be a JSON object with a customers list',
  });

/** `customers.3.tenure`, or `customers.3` when the item itself is not an object. */
const itemField = (index: number, field: string): string =>
  field === '(body)' ? `customers.${index}` : `customers.${index}.${field}`;

export function predictHandlers(score: Scorer, logger: Logger) {
  async function predictOne(req: Request, res: Response, next: NextFunction): Promise<void> {
    const checked = validateCustomer(req.body);
    if (!checked.ok) {
      next(new ValidationError(checked.errors, 'the customer is not valid'));
      return;
    }
    const l = locals(res);
    const { predictions, predictorMs } = await score([checked.value], { requestId: l.requestId, logger });
    const prediction = predictions[0];
    l.predictorMs = predictorMs;
    l.scores = prediction.churn_probability;
    sendJson(res, 200, prediction);
  }

  async function predictBatch(req: Request, res: Response, next: NextFunction): Promise<void> {
    const envelope = batchSchema.validate(req.body);
    const proto = protoKeyError(req.body);
    if (envelope.error || proto) {
      const details = (envelope.error?.details ?? []).map((d) => ({
        field: d.path.length > 0 ? d.path.map(String).join('.') : 'customers',
        message: d.message,
      }));
      if (proto) details.push(proto);
      next(new ValidationError(details, 'the batch is not valid'));
      return;
    }
    const items = (req.body as { customers: unknown[] }).customers;
    const results = new Array<BatchResult>(items.length);
    const valid: Customer[] = [];
    const validAt: number[] = [];
    for (let index = 0; index < items.length; index++) {
      const checked = validateCustomer(items[index]);
      if (checked.ok) {
        valid.push(checked.value);
        validAt.push(index);
      } else {
        results[index] = { index, ok: false, errors: checked.errors };
      }
    }
    if (valid.length === 0) {
      // Nothing could be scored: a client error, with every problem named by its item.
      const details = results.flatMap((r) =>
        r.ok ? [] : r.errors.map((e) => ({ field: itemField(r.index, e.field), message: e.message })),
      );
      next(new ValidationError(details, `none of the ${items.length} customers is valid`));
      return;
    }
    const l = locals(res);
    const { predictions, predictorMs } = await score(valid, { requestId: l.requestId, logger });
    for (let i = 0; i < predictions.length; i++) {
      results[validAt[i]] = { index: validAt[i], ok: true, prediction: predictions[i] };
    }
    l.predictorMs = predictorMs;
    l.rows = items.length;
    l.scores = predictions.map((p) => p.churn_probability);
    const first = predictions[0];
    sendJson(res, 200, {
      model_version: first.model_version,
      threshold: first.threshold,
      summary: { total: items.length, scored: valid.length, failed: items.length - valid.length },
      results,
    });
  }

  return { predictOne, predictBatch };
}
