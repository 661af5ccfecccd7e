import { validateCustomer } from '@telco-churn/core/schema';
import { callApi, errorResponse } from '../../../lib/api-client';
import { guardApiRequest } from '../../../lib/auth';
import { BodyTooLargeError, readLimitedText } from '../../../lib/read-body';
import type { RetentionAnswer } from '../../../lib/retention';

const LIMIT_BYTES = 256 * 1024;
const refuse = (status: number, kind: string, message: string, fieldErrors?: unknown) =>
  Response.json({ error: { kind, message, ...(fieldErrors ? { fieldErrors } : {}) } }, { status });

/**
 * The exact what-if of every offer for one customer: the customer is checked with the joi
 * schema here (errors land on the form without a round trip); economics and offers overrides
 * go to the API as typed, whose messages name the entry.
 */
export async function POST(request: Request) {
  const refused = await guardApiRequest(request);
  if (refused) return refused;
  let body: { customer?: unknown; economics?: unknown; offers?: unknown } | undefined;
  try {
    body = JSON.parse(await readLimitedText(request, LIMIT_BYTES)) as typeof body;
  } catch (error) {
    if (error instanceof BodyTooLargeError) return refuse(413, 'bad_request', error.message);
    return refuse(400, 'bad_request', 'The request is not JSON.');
  }
  const checked = validateCustomer(body?.customer);
  if (!checked.ok) return refuse(422, 'validation', 'Some fields need attention.', checked.errors);
  try {
    const answer = await callApi<RetentionAnswer>('POST', '/retention', {
      customer: checked.value,
      ...(body?.economics !== undefined ? { economics: body.economics } : {}),
      ...(body?.offers !== undefined ? { offers: body.offers } : {}),
    });
    return Response.json({ retention: answer });
  } catch (error) {
    return errorResponse(error);
  }
}
