import { PassThrough } from 'node:stream';
import { createLambdaHandler, HttpApiEvent, HttpApiResult, LambdaHandler } from '../lambda/handler';
import { RunningStub } from '../../stub';
import {
  customers,
  FAULT_CASES,
  queueFaults,
  RunningApi,
  sageMakerEnv,
  SHORT_TIMEOUT_MS,
  SLOW_ENDPOINT,
  startApi,
  startSageMakerStub,
  clearFaults,
} from './sagemaker-harness';
import { withoutIds } from './fixtures';

let stub: RunningStub;
let handler: LambdaHandler;
let local: RunningApi;
let sequence = 0;

beforeAll(async () => {
  stub = await startSageMakerStub();
  handler = createLambdaHandler(sageMakerEnv(stub.url, { LOG_LEVEL: 'silent' }) as NodeJS.ProcessEnv);
  local = await startApi({ PREDICTOR: 'local', LOG_LEVEL: 'silent' });
});

afterAll(async () => {
  await local?.close();
  await stub?.close();
});

beforeEach(() => clearFaults(stub));

interface EventOptions {
  body?: string;
  base64?: boolean;
  query?: string;
  cookies?: string[];
  headers?: Record<string, string>;
  /** The path as API Gateway gives it; `/v1` (the stage) in front unless said otherwise. */
  stage?: string;
}

/** An API Gateway HTTP API event, payload format 2.0, as the `$default` route delivers it. */
function httpApiEvent(method: string, route: string, options: EventOptions = {}): HttpApiEvent {
  const rawPath = `${options.stage ?? '/v1'}${route}`;
  const requestId = `gw-${(sequence += 1)}-abc=`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: options.query ?? '',
    cookies: options.cookies,
    headers: {
      'user-agent': 'jest',
      host: 'abc123.execute-api.eu-central-1.amazonaws.com',
      ...options.headers,
    },
    body:
      options.body === undefined
        ? undefined
        : options.base64
          ? Buffer.from(options.body).toString('base64')
          : options.body,
    isBase64Encoded: options.base64 ?? false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-central-1.amazonaws.com',
      requestId,
      routeKey: '$default',
      stage: 'v1',
      time: '24/Nov/2026:01:00:00 +0000',
      timeEpoch: 1795482000000,
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'jest' },
    },
  };
}

const json = { 'content-type': 'application/json' };
const bodyOf = (result: HttpApiResult) =>
  JSON.parse(
    result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : result.body,
  ) as Record<string, unknown>;

describe('the Lambda handler (HTTP API payload 2.0, stage /v1) in SageMaker mode', () => {
  it('answers GET /v1/health and echoes the API Gateway request id', async () => {
    const event = httpApiEvent('GET', '/health');
    const result = await handler(event);
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ status: 'ok', predictor: 'sagemaker' });
    expect(result.headers['x-request-id']).toBe(event.requestContext.requestId);
  });

  it('prefers the API Gateway request id over one the client sent', async () => {
    const event = httpApiEvent('GET', '/health', { headers: { 'x-request-id': 'client-chosen' } });
    expect((await handler(event)).headers['x-request-id']).toBe(event.requestContext.requestId);
  });

  it('reads a base64 body and answers /v1/predict as the local server answers /predict', async () => {
    for (const customer of customers(5, 51)) {
      const result = await handler(
        httpApiEvent('POST', '/predict', { body: JSON.stringify(customer), base64: true, headers: json }),
      );
      expect(result.statusCode).toBe(200);
      const mine = await fetch(`${local.url}/predict`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify(customer),
      });
      expect(withoutIds(bodyOf(result))).toEqual(withoutIds(await mine.json()));
    }
  });

  it('answers a batch with a plain-text body, a query string and cookies', async () => {
    const [a, b] = customers(2, 52);
    const result = await handler(
      httpApiEvent('POST', '/predict/batch', {
        body: JSON.stringify({ customers: [a, { ...b, contract: 'Weekly' }] }),
        query: 'source=crm&dry=1',
        cookies: ['session=abc', 'theme=dark'],
        headers: json,
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ summary: { total: 2, scored: 1, failed: 1 } });
  });

  it('answers 400 in the error shape for a malformed base64 JSON body', async () => {
    const event = httpApiEvent('POST', '/predict', { body: '{"tenure": ', base64: true, headers: json });
    const result = await handler(event);
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({
      error: expect.objectContaining({ code: 'invalid_json', request_id: event.requestContext.requestId }),
    });
  });

  it('answers 404 in the error shape for an unknown route under the stage', async () => {
    const result = await handler(httpApiEvent('GET', '/nope'));
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'not_found' } });
  });

  it('also answers when a custom domain maps the API without the stage in the path', async () => {
    expect((await handler(httpApiEvent('GET', '/health', { stage: '' }))).statusCode).toBe(200);
  });

  it('serves Swagger UI under the stage, with binary files base64-encoded for API Gateway', async () => {
    const page = await handler(httpApiEvent('GET', '/docs'));
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const icon = await handler(httpApiEvent('GET', '/docs/favicon-32x32.png'));
    expect(icon.statusCode).toBe(200);
    expect(icon.isBase64Encoded).toBe(true);
    expect(Buffer.from(icon.body, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  describe.each(FAULT_CASES)(
    'when the endpoint plays $name',
    ({ queue, status, code, calls, retryAfter }) => {
      it(`answers ${status}${code ? ` ${code}` : ''} after ${calls} call(s)`, async () => {
        await queueFaults(stub, queue);
        const before = stub.state.invocations;
        const event = httpApiEvent('POST', '/predict', {
          body: JSON.stringify(customers(1, 53)[0]),
          headers: json,
        });
        const result = await handler(event);
        expect(result.statusCode).toBe(status);
        expect(stub.state.invocations - before).toBe(calls);
        const body = bodyOf(result) as { error?: { code: string; request_id: string } };
        if (code === undefined) {
          expect(body).toHaveProperty('churn_probability');
          return;
        }
        expect(body.error).toMatchObject({ code, request_id: event.requestContext.requestId });
        expect(result.headers['retry-after']).toBe(retryAfter);
      });
    },
  );

  it('logs each request once with the gateway request id, its route and status, not as aborted', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const logged = createLambdaHandler(sageMakerEnv(stub.url, { LOG_LEVEL: 'info' }) as NodeJS.ProcessEnv, {
      logStream: stream,
    });
    const event = httpApiEvent('POST', '/predict', {
      body: JSON.stringify(customers(1, 54)[0]),
      headers: json,
    });
    expect((await logged(event)).statusCode).toBe(200);
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const access = lines.filter((l) => l.message === 'request');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      request_id: event.requestContext.requestId,
      route: '/predict',
      status: 200,
    });
    expect(access[0]).not.toHaveProperty('aborted');
    expect(lines.find((l) => l.message === 'lambda ready')).toMatchObject({ predictor: 'sagemaker' });
  });

  it('answers 504 when the endpoint does not answer within SAGEMAKER_TIMEOUT_MS', async () => {
    const impatient = createLambdaHandler(
      sageMakerEnv(stub.url, {
        SAGEMAKER_TIMEOUT_MS: String(SHORT_TIMEOUT_MS),
        LOG_LEVEL: 'silent',
      }) as NodeJS.ProcessEnv,
    );
    await queueFaults(stub, [SLOW_ENDPOINT]);
    const event = httpApiEvent('POST', '/predict', {
      body: JSON.stringify(customers(1, 55)[0]),
      headers: json,
    });
    const result = await impatient(event);
    expect(result.statusCode).toBe(504);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'predictor_timeout' } });
  });

  it('fails every invocation with the name of a bad setting', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const broken = createLambdaHandler(
        sageMakerEnv(stub.url, { SAGEMAKER_TIMEOUT_MS: 'soon' }) as NodeJS.ProcessEnv,
      );
      await expect(broken(httpApiEvent('GET', '/health'))).rejects.toThrow('SAGEMAKER_TIMEOUT_MS');
      expect(errors.mock.calls.join('\n')).toContain('SAGEMAKER_TIMEOUT_MS');
    } finally {
      errors.mockRestore();
    }
  });
});
