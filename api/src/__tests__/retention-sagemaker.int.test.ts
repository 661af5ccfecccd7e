import { MAX_ROWS_PER_CALL } from '@telco-churn/core/retention/engine';
import { withoutIds } from './fixtures';
import { customers, queueFaults, useSageMakerApis } from './sagemaker-harness';

jest.setTimeout(60_000);

const apis = useSageMakerApis();

const post = async (base: string, path: string, body: unknown) => {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
};

describe('retention in SageMaker mode, against the stub through the real AWS SDK', () => {
  it('answers /retention as the local predictor does, with one InvokeEndpoint call for all offers and pairs', async () => {
    for (const customer of customers(5, 77)) {
      const before = apis.stub.state.invocations;
      const remote = await post(apis.api.url, '/retention', { customer });
      expect(apis.stub.state.invocations).toBe(before + 1);
      expect(remote.status).toBe(200);
      expect(withoutIds(remote.json)).toEqual(
        withoutIds((await post(apis.local.url, '/retention', { customer })).json),
      );
    }
  });

  it('answers /campaign as the local predictor does, at most three calls per slice of 10,000 rows', async () => {
    const many = customers(600, 78);
    const before = apis.stub.state.invocations;
    const remote = await post(apis.api.url, '/campaign', { customers: many, budget: 3_000, seed: 4 });
    expect(remote.status).toBe(200);
    const calls = apis.stub.state.invocations - before;
    // Up to 35 rows a customer (itself, 8 offers, 26 pairs): slices of 285 customers, each scored
    // in up to three calls (customers, offers that could pay, pairs that could beat them).
    const slices = Math.ceil(many.length / Math.floor(MAX_ROWS_PER_CALL / 35));
    expect(slices).toBe(3);
    expect(calls).toBeGreaterThanOrEqual(slices);
    expect(calls).toBeLessThanOrEqual(3 * slices);
    expect(withoutIds(remote.json)).toEqual(
      withoutIds((await post(apis.local.url, '/campaign', { customers: many, budget: 3_000, seed: 4 })).json),
    );
  });

  it('passes an endpoint failure on in the one error shape', async () => {
    await queueFaults(apis.stub, [{ fault: 'ModelError' }]);
    const reply = await post(apis.api.url, '/retention', { customer: customers(1, 79)[0] });
    expect(reply.status).toBe(502);
    expect(reply.json.error.code).toBe('model_error');
  });
});
