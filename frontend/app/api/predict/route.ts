import { validateCustomer } from '@telco-churn/core/schema';
import { callApi, errorResponse } from '../../../lib/api-client';
import type { Prediction } from '@telco-churn/core/contracts';
import { guardApiRequest } from '../../../lib/auth';

/** Scores one customer: the same joi schema as the API first, so errors come back without a round trip. */
export async function POST(request: Request) {
  const refused = await guardApiRequest(request);
  if (refused) return refused;
  const body = await request.json().catch(() => undefined);
  const checked = validateCustomer(body);
  if (!checked.ok)
    return Response.json(
      { error: { kind: 'validation', message: 'Some fields need attention.', fieldErrors: checked.errors } },
      { status: 422 },
    );
  try {
    const prediction = await callApi<Prediction>('POST', '/predict', checked.value);
    return Response.json({ prediction });
  } catch (error) {
    return errorResponse(error);
  }
}
