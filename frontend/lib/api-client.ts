import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { FieldError } from '@telco-churn/core/contracts';
import { getConfig, type UiConfig } from './config';
import type { UiError } from './ui-error';

/**
 * The only way the UI reaches the prediction API: from the Next.js server, never the browser.
 * With API_AUTH=iam every request is SigV4-signed for `execute-api` with credentials from the
 * default provider chain (the ECS task role on Fargate).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: UiError,
    options?: { cause?: unknown },
  ) {
    super(body.message, options);
    this.name = 'ApiError';
  }
}

let signer: SignatureV4 | undefined;
function getSigner(config: UiConfig): SignatureV4 {
  signer ??= new SignatureV4({
    service: 'execute-api',
    region: config.awsRegion,
    credentials: defaultProvider(),
    sha256: Hash.bind(null, 'sha256'),
  });
  return signer;
}

async function buildHeaders(
  config: UiConfig,
  url: URL,
  method: string,
  body?: string,
): Promise<Record<string, string>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (config.apiAuth !== 'iam') return headers;
  const signed = await getSigner(config).sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...headers, host: url.host },
    body,
  });
  return signed.headers as Record<string, string>;
}

interface ApiErrorBody {
  error?: { code?: string; message?: string; request_id?: string; details?: FieldError[] };
}

/** Maps an API error response to what a user can act on. */
export function toUiError(
  status: number,
  body: ApiErrorBody | undefined,
  retryAfter: string | null,
): UiError {
  const error = body?.error;
  const requestId = error?.request_id;
  if ((status === 400 || status === 422) && error?.details?.length)
    return {
      kind: 'validation',
      message: 'Some fields need attention.',
      fieldErrors: error.details,
      requestId,
    };
  if (status === 400 || status === 413 || status === 422)
    return { kind: 'bad_request', message: error?.message ?? 'The API refused the request.', requestId };
  if (status === 503) {
    const seconds = Number(retryAfter);
    return {
      kind: 'warming',
      message: 'The model is warming up, retrying…',
      retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 30) : 3,
      requestId,
    };
  }
  if (status === 504)
    return {
      kind: 'timeout',
      message: 'The model took too long to answer. Try again in a moment.',
      requestId,
    };
  if (status === 502)
    return {
      kind: 'unavailable',
      message: 'The prediction service could not reach the model. Try again in a moment.',
      requestId,
    };
  if (status === 401 || status === 403)
    return {
      kind: 'forbidden',
      message: 'The UI is not allowed to call the prediction API (check API_AUTH and the task role).',
      requestId,
    };
  return {
    kind: 'failed',
    message: `The prediction service failed (HTTP ${status})${requestId ? `, request ${requestId}` : ''}.`,
    requestId,
  };
}

/** One API call with a timeout; resolves with the JSON body or throws an ApiError with a user message. */
export async function callApi<T>(
  method: 'GET' | 'POST',
  route: string,
  payload?: unknown,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  const config = getConfig();
  const url = new URL(config.apiUrl + route);
  const body = payload === undefined ? undefined : JSON.stringify(payload);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: await buildHeaders(config, url, method, body),
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? config.apiTimeoutMs),
      cache: 'no-store',
    });
  } catch (cause) {
    const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
    throw new ApiError(
      timedOut ? 504 : 502,
      timedOut
        ? {
            kind: 'timeout',
            message: 'The prediction service did not answer in time. Try again in a moment.',
          }
        : { kind: 'unavailable', message: 'The prediction service is unreachable. Is the API running?' },
      { cause },
    );
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    throw new ApiError(
      response.status,
      toUiError(response.status, json as ApiErrorBody, response.headers.get('retry-after')),
    );
  }
  if (json === undefined)
    throw new ApiError(502, { kind: 'failed', message: 'The prediction service sent an unreadable answer.' });
  return json as T;
}

/** Route-handler helper: an ApiError becomes the same JSON the browser always gets. */
export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    const status = error.status === 400 || error.status === 422 ? 422 : error.status;
    return Response.json({ error: error.body }, { status });
  }
  console.error('churn-ui: unexpected error', error);
  return Response.json(
    { error: { kind: 'failed', message: 'Something went wrong in the UI server.' } },
    { status: 500 },
  );
}
