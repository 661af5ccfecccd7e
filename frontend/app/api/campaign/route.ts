import { parseTelcoCsv } from '@telco-churn/core/telco-csv';
import type { CampaignResponse } from '@telco-churn/core/contracts';
import { callApi, errorResponse } from '../../../lib/api-client';
import { guardApiRequest } from '../../../lib/auth';
import { MAX_UPLOAD_BYTES, type InvalidRow } from '../../../lib/batch-types';
import {
  CAMPAIGN_SETTING_KEYS,
  MAX_CAMPAIGN_ROWS,
  type CampaignPlan,
  type CampaignRow,
} from '../../../lib/campaign';
import { BodyTooLargeError, readLimitedText } from '../../../lib/read-body';
import { retryWhileWarming } from '../../../lib/warming';

const MAX_ID_LENGTH = 64;
const refuse = (status: number, message: string) =>
  Response.json({ error: { kind: 'bad_request', message } }, { status });

/**
 * Plans a campaign from an uploaded CSV: parsed and validated here with the churn core's parser
 * (bad rows reported by line, the rest planned), then ONE POST /campaign, because the budget
 * and the holdout need a single ranking of every customer. So a file is not split: over
 * 10,000 customers it is refused with the limit named. The body is read up to the batch
 * page's file limit and no further.
 */
export async function POST(request: Request) {
  const refused = await guardApiRequest(request);
  if (refused) return refused;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(await readLimitedText(request, MAX_UPLOAD_BYTES + 64 * 1024)) as Record<
      string,
      unknown
    >;
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return refuse(413, `The file is larger than ${MAX_UPLOAD_BYTES / 1048576} MB.`);
    return refuse(400, 'The request is not JSON.');
  }
  if (typeof body?.csv !== 'string') return refuse(400, 'The request has no CSV file.');
  const parsed = parseTelcoCsv(body.csv);
  if (parsed.rows.length > MAX_CAMPAIGN_ROWS)
    return refuse(
      413,
      `The file has ${parsed.rows.length.toLocaleString('en-US')} valid customers; a campaign plans at most ${MAX_CAMPAIGN_ROWS.toLocaleString('en-US')} at once (one budget, one ranking). Split the file, with a budget for each part.`,
    );
  const invalid: InvalidRow[] = parsed.errors.map((e) => ({
    line: e.line,
    field: e.column ?? e.field,
    message: e.message,
    ...(e.customerId !== undefined ? { customerId: e.customerId } : {}),
  }));
  if (parsed.rows.length === 0)
    return Response.json(
      { error: { kind: 'bad_request', message: 'No row of the file could be used.', invalidRows: invalid } },
      { status: 422 },
    );
  const settings = Object.fromEntries(
    CAMPAIGN_SETTING_KEYS.filter((k) => body[k] !== undefined && body[k] !== '').map((k) => [k, body[k]]),
  );
  try {
    const answer = await retryWhileWarming(() =>
      callApi<CampaignResponse>('POST', '/campaign', {
        customers: parsed.rows.map((r) =>
          r.customerId !== undefined && r.customerId.length <= MAX_ID_LENGTH
            ? { ...r.customer, customerID: r.customerId }
            : r.customer,
        ),
        ...settings,
        ...(body.economics !== undefined ? { economics: body.economics } : {}),
        ...(body.offers !== undefined ? { offers: body.offers } : {}),
      }),
    );
    const lineOf = (index: number) => parsed.rows[index].line;
    const rows: CampaignRow[] = answer.customers.map((c) => ({
      line: lineOf(c.index),
      ...(parsed.rows[c.index].customerId !== undefined
        ? { customerId: parsed.rows[c.index].customerId }
        : {}),
      probability: c.churn_probability,
      valueAtRisk: c.value_at_risk,
      bestOffer: c.best_offer,
      expectedNetValue: c.expected_net_value,
      cost: c.cost,
      selected: c.selected,
      group: c.group,
      predictionId: c.prediction_id,
    }));
    for (const item of answer.invalid)
      for (const e of item.errors)
        invalid.push({
          line: lineOf(item.index),
          customerId: item.customerID,
          field: e.field,
          message: e.message,
        });
    const plan: CampaignPlan = { summary: answer.summary, rows, invalid, modelVersion: answer.model_version };
    return Response.json({ plan });
  } catch (error) {
    return errorResponse(error);
  }
}
