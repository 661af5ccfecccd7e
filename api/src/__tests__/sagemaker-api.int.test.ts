import {
  customers,
  FAULT_CASES,
  queueFaults,
  sageMakerEnv,
  SHORT_TIMEOUT_MS,
  SLOW_ENDPOINT,
  startApi,
  useSageMakerApis,
} from './sagemaker-harness';
import { withoutIds } from './fixtures';

const apis = useSageMakerApis();

const post = (base: string, path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the API in SageMaker mode, against the stub through the real AWS SDK', () => {
  it('says in /health that it uses SageMaker, without calling the endpoint', async () => {
    const before = apis.stub.state.invocations;
    const res = await fetch(`${apis.api.url}/health`);
    expect(await res.json()).toMatchObject({ status: 'ok', predictor: 'sagemaker' });
    expect(apis.stub.state.invocations).toBe(before);
  });

  it('answers /predict exactly as the local predictor does', async () => {
    for (const customer of customers(20, 41)) {
      const [remote, mine] = await Promise.all([
        post(apis.api.url, '/predict', customer),
        post(apis.local.url, '/predict', customer),
      ]);
      expect(remote.status).toBe(200);
      expect(withoutIds(await remote.json())).toEqual(withoutIds(await mine.json()));
    }
  });

  it('scores a batch of 1,000 with one InvokeEndpoint call, in input order, as the local predictor does', async () => {
    const batch = { customers: customers(1000, 42) };
    const before = apis.stub.state.invocations;
    const remote = await post(apis.api.url, '/predict/batch', batch);
    expect(apis.stub.state.invocations).toBe(before + 1);
    expect(remote.status).toBe(200);
    const mine = await post(apis.local.url, '/predict/batch', batch);
    expect(withoutIds(await remote.json())).toEqual(withoutIds(await mine.json()));
  });

  it('keeps invalid batch items out of the SageMaker call and reports them by index', async () => {
    const [a, b] = customers(2, 43);
    const res = await post(apis.api.url, '/predict/batch', { customers: [a, { ...b, tenure: 'long' }, b] });
    const body = (await res.json()) as { summary: unknown; results: { index: number; ok: boolean }[] };
    expect(body.summary).toEqual({ total: 3, scored: 2, failed: 1 });
    expect(body.results.map((r) => r.ok)).toEqual([true, false, true]);
  });

  it('logs each SageMaker call with the SageMaker request id beside the API request id', async () => {
    const res = await post(apis.api.url, '/predict', customers(1, 44)[0]);
    const requestId = res.headers.get('x-request-id');
    const line = apis.api.logs
      .lines()
      .find((l) => l.message === 'sagemaker invoke' && l.request_id === requestId);
    expect(line).toMatchObject({ endpoint: 'telco-churn', rows: 1, attempts: 1 });
    expect(String(line?.sagemaker_request_id)).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe.each(FAULT_CASES)(
    'when the endpoint plays $name',
    ({ queue, status, code, calls, retryAfter }) => {
      it(`answers ${status}${code ? ` ${code}` : ''} after ${calls} call(s)`, async () => {
        await queueFaults(apis.stub, queue);
        const before = apis.stub.state.invocations;
        const res = await post(apis.api.url, '/predict', customers(1, 45)[0]);
        expect(res.status).toBe(status);
        expect(apis.stub.state.invocations - before).toBe(calls);
        const body = (await res.json()) as { error?: { code: string; message: string; request_id: string } };
        if (code === undefined) {
          expect(body).toHaveProperty('churn_probability');
          return;
        }
        expect(body.error?.code).toBe(code);
        expect(body.error?.request_id).toBe(res.headers.get('x-request-id'));
        // The user reads plain words, never SageMaker's own (account ids, container messages).
        expect(body.error?.message).not.toMatch(/Received|account|primary|ECONN|Exception|stub/);
        expect(res.headers.get('retry-after')).toBe(retryAfter ?? null);
      });
    },
  );

  it.each([
    ['ModelError', 'model_error'],
    ['garbage', 'predictor_bad_response'],
  ] as const)(
    'logs a failed call (%s) with its SageMaker request id and the mapped status',
    async (fault, code) => {
      await queueFaults(apis.stub, [{ fault }]);
      const res = await post(apis.api.url, '/predict', customers(1, 46)[0]);
      const requestId = res.headers.get('x-request-id');
      const line = apis.api.logs
        .lines()
        .find((l) => l.message === 'sagemaker invoke failed' && l.request_id === requestId);
      expect(line).toMatchObject({ status: 502, code, attempt: 1 });
      expect(String(line?.sagemaker_request_id)).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it('answers 504 when the endpoint does not answer within SAGEMAKER_TIMEOUT_MS, without retrying', async () => {
    const impatient = await startApi(
      sageMakerEnv(apis.stub.url, { SAGEMAKER_TIMEOUT_MS: String(SHORT_TIMEOUT_MS), LOG_LEVEL: 'silent' }),
    );
    try {
      await queueFaults(apis.stub, [SLOW_ENDPOINT]);
      const before = apis.stub.state.invocations;
      const started = Date.now();
      const res = await post(impatient.url, '/predict', customers(1, 48)[0]);
      expect(res.status).toBe(504);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('predictor_timeout');
      expect(Date.now() - started).toBeLessThan(SLOW_ENDPOINT.latencyMs ?? 0);
      expect(apis.stub.state.invocations - before).toBe(1);
    } finally {
      await impatient.close();
    }
  });

  it('answers 502 when the endpoint does not exist', async () => {
    const lost = await startApi(
      sageMakerEnv(apis.stub.url, { SAGEMAKER_ENDPOINT_NAME: 'no-such-endpoint', LOG_LEVEL: 'silent' }),
    );
    try {
      const res = await post(lost.url, '/predict', customers(1, 47)[0]);
      expect(res.status).toBe(502);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('predictor_rejected');
    } finally {
      await lost.close();
    }
  });
});
