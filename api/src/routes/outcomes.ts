import type { NextFunction, Request, Response } from 'express';
import type { FieldError } from '@telco-churn/core/contracts';
import { OutcomeRecord, PREDICTION_ID_PATTERN } from '@telco-churn/core/monitoring/records';
import { ValidationError } from '../errors';
import { locals } from '../middleware/request-context';
import { idTime } from '../prediction-log/prediction-id';
import type { RecordSink } from '../prediction-log/sink';
import { sendJson } from './respond';

export const MAX_OUTCOMES = 10_000;
/** 10,000 outcomes take ~1 MB of JSON: this route reads up to 2 MB whatever BODY_LIMIT says. */
export const OUTCOMES_BODY_LIMIT = '2mb';
// An observation a little ahead of this server's clock is a skewed clock, not a prophecy.
const CLOCK_SKEW_MS = 5 * 60_000;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const KEYS = new Set(['prediction_id', 'churned', 'observed_at']);

/** Date.parse takes any day up to 31 and rolls it over (31 February is 3 March): refuse those days. */
function isCalendarDay(iso: string): boolean {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

export interface OutcomeRejection {
  index: number;
  errors: FieldError[];
}

/** One outcome's problems, or the record to store. */
export function checkOutcome(
  item: unknown,
  receivedAt: number,
): { ok: true; record: OutcomeRecord } | { ok: false; errors: FieldError[] } {
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    return {
      ok: false,
      errors: [{ field: '(item)', message: 'each outcome must be an object with prediction_id and churned' }],
    };
  const o = item as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(o)) {
    if (!KEYS.has(key))
      errors.push({
        field: key,
        message: `${key} is not a known field; send prediction_id, churned, observed_at`,
      });
  }
  const id = o.prediction_id;
  let madeAt = NaN;
  if (typeof id !== 'string' || !PREDICTION_ID_PATTERN.test(id)) {
    errors.push({
      field: 'prediction_id',
      message: 'prediction_id must be the 26-character id a prediction answered with',
    });
  } else {
    madeAt = idTime(id);
    if (madeAt > receivedAt + CLOCK_SKEW_MS)
      errors.push({
        field: 'prediction_id',
        message: 'prediction_id dates from the future: it was not issued by this API',
      });
  }
  if (typeof o.churned !== 'boolean')
    errors.push({ field: 'churned', message: 'churned must be true or false' });
  let observedAt = new Date(receivedAt).toISOString();
  if (o.observed_at !== undefined) {
    const at =
      typeof o.observed_at === 'string' && ISO_TIME.test(o.observed_at) && isCalendarDay(o.observed_at)
        ? Date.parse(o.observed_at)
        : NaN;
    if (Number.isNaN(at)) {
      errors.push({
        field: 'observed_at',
        message: 'observed_at must be an ISO 8601 date or time, e.g. 2026-12-31 or 2026-12-31T09:00:00Z',
      });
    } else if (at > receivedAt + CLOCK_SKEW_MS) {
      errors.push({ field: 'observed_at', message: 'observed_at is in the future' });
    } else if (at < madeAt - 86_400_000) {
      // A whole day of slack: a date-only observed_at means midnight of a day the prediction may fall in.
      errors.push({ field: 'observed_at', message: 'observed_at is before the prediction was made' });
    } else {
      observedAt = new Date(at).toISOString();
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    record: {
      prediction_id: id as string,
      churned: o.churned as boolean,
      observed_at: observedAt,
      received_at: new Date(receivedAt).toISOString(),
    },
  };
}

/**
 * POST /outcomes: what became of customers that were scored. Each outcome is checked on its own; the
 * good ones are stored (202), the bad ones reported by index. Whether the prediction exists is
 * the monitor's question (it counts outcomes without a prediction), not the request's.
 */
export function outcomesHandler(sink: RecordSink) {
  return function postOutcomes(req: Request, res: Response, next: NextFunction): void {
    const body = req.body as unknown;
    const list = (body as { outcomes?: unknown } | null)?.outcomes;
    const envelope: FieldError[] = [];
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      envelope.push({ field: 'outcomes', message: 'the body must be a JSON object with an outcomes list' });
    } else {
      for (const key of Object.keys(body)) {
        if (key !== 'outcomes')
          envelope.push({ field: key, message: `${key} is not a known field; send only outcomes` });
      }
      if (!Array.isArray(list) || list.length === 0 || list.length > MAX_OUTCOMES)
        envelope.push({
          field: 'outcomes',
          message: `outcomes must be a list of 1 to ${MAX_OUTCOMES} outcomes`,
        });
    }
    if (envelope.length > 0) {
      next(new ValidationError(envelope, 'the outcomes are not valid'));
      return;
    }
    const items = list as unknown[];
    const now = Date.now();
    const records: OutcomeRecord[] = [];
    const rejected: OutcomeRejection[] = [];
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const checked = checkOutcome(item, now);
      if (!checked.ok) {
        rejected.push({ index, errors: checked.errors });
        return;
      }
      const first = seen.get(checked.record.prediction_id);
      if (first !== undefined) {
        rejected.push({
          index,
          errors: [
            { field: 'prediction_id', message: `prediction_id repeats outcome ${first} of this request` },
          ],
        });
        return;
      }
      seen.set(checked.record.prediction_id, index);
      records.push(checked.record);
    });
    if (records.length === 0) {
      const details = rejected.flatMap((r) =>
        r.errors.map((e) => ({
          field: e.field === '(item)' ? `outcomes.${r.index}` : `outcomes.${r.index}.${e.field}`,
          message: e.message,
        })),
      );
      next(new ValidationError(details, `none of the ${items.length} outcomes is valid`));
      return;
    }
    sink.appendOutcomes(records);
    locals(res).rows = items.length;
    sendJson(res, 202, { accepted: records.length, rejected: rejected.length, errors: rejected });
  };
}
