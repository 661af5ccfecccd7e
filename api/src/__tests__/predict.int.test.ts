import { predictProba } from '@telco-churn/xgboost-runtime';
import { PredictorError } from '../errors';
import { TestApp, customers, startTestApp } from './fixtures';

let api: TestApp;
beforeAll(async () => {
  api = await startTestApp();
});
afterAll(() => api.close());

const [customer, second, third] = customers(3, 5);

describe('POST /predict', () => {
  it('answers the model probability, the decision at the threshold, the risk band and five factors', async () => {
    const reply = await api.post('/predict', customer);
    expect(reply.status).toBe(200);
    const x = api.artifact.encoder.encodeMany([customer]);
    const expected = predictProba(api.artifact.booster, x, 1)[0];
    const body = reply.json;
    expect(body.churn_probability).toBeCloseTo(expected, 6);
    expect(body.threshold).toBe(api.artifact.params.threshold);
    expect(body.will_churn).toBe(expected >= body.threshold);
    expect(body.risk_level).toBe(expected < 0.3 ? 'low' : expected < 0.6 ? 'medium' : 'high');
    expect(body.model_version).toBe(api.artifact.params.modelVersion);
    expect(body.top_factors).toHaveLength(5);
    for (const factor of body.top_factors) {
      expect(Object.keys(factor).sort()).toEqual(['direction', 'effect', 'field', 'label', 'value']);
      if (factor.effect !== 0) expect(factor.direction).toBe(factor.effect > 0 ? 'raises' : 'lowers');
      expect(customer).toHaveProperty(factor.field);
    }
  });

  it('lists every problem of an invalid customer, each naming its field', async () => {
    const { tenure: _tenure, ...noTenure } = customer;
    const reply = await api.post('/predict', { ...noTenure, monthlyCharges: '42', colour: 'blue' });
    expect(reply.status).toBe(422);
    expect(reply.json.error.code).toBe('validation_failed');
    const fields = reply.json.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['colour', 'monthlyCharges', 'tenure']);
    expect(reply.json.error.request_id).toBe(reply.headers['x-request-id']);
  });

  it('refuses a customer without phone service who has multiple lines', async () => {
    const reply = await api.post('/predict', { ...customer, phoneService: 'No', multipleLines: 'Yes' });
    expect(reply.status).toBe(422);
    expect(reply.json.error.details).toEqual([
      { field: 'multipleLines', message: expect.stringContaining('when phoneService is "No"') },
    ]);
  });

  it('says a JSON body that is not an object must be one', async () => {
    for (const body of [[customer], 'customer', 42, null]) {
      const reply = await api.post('/predict', body);
      expect(reply.status).toBe(422);
      expect(reply.json.error.details[0].message).toMatch(/must be a JSON object/);
    }
  });

  it('answers 400 for malformed JSON and quotes the parser', async () => {
    const reply = await api.request('POST', '/predict', {
      raw: '{"gender": "Male",',
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe('invalid_json');
    expect(reply.json.error.message).toMatch(/not valid JSON/);
  });

  it('answers 415 for a body that is not sent as JSON', async () => {
    const reply = await api.request('POST', '/predict', {
      raw: JSON.stringify(customer),
      headers: { 'content-type': 'text/plain' },
    });
    expect(reply.status).toBe(415);
    expect(reply.json.error.code).toBe('unsupported_media_type');
  });

  it('accepts JSON with a charset and +json media types', async () => {
    for (const type of ['application/json; charset=utf-8', 'application/merge-patch+json']) {
      const reply = await api.request('POST', '/predict', {
        body: customer,
        headers: { 'content-type': type },
      });
      expect(reply.status).toBe(200);
    }
  });

  it('echoes a client request id and makes one up otherwise', async () => {
    const mine = await api.request('POST', '/predict', {
      body: customer,
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(mine.headers['x-request-id']).toBe('abc-123');
    const made = await api.post('/predict', customer);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await api.request('POST', '/predict', {
      body: customer,
      headers: { 'x-request-id': 'x'.repeat(500) },
    });
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs the request with its id, status, latency and score but none of the customer fields', async () => {
    const reply = await api.request('POST', '/predict', {
      body: customer,
      headers: { 'x-request-id': 'log-me' },
    });
    await new Promise((resolve) => setImmediate(resolve));
    const line = api.logs.find((l) => l.request_id === 'log-me');
    expect(line).toMatchObject({
      level: 'info',
      message: 'request',
      method: 'POST',
      route: '/predict',
      status: 200,
      predictor: 'local',
      model_version: api.artifact.params.modelVersion,
      scores: reply.json.churn_probability,
    });
    expect(line?.latency_ms).toEqual(expect.any(Number));
    expect(line?.predictor_ms).toEqual(expect.any(Number));
    const text = JSON.stringify(line);
    for (const value of [customer.contract, customer.paymentMethod, customer.internetService]) {
      expect(text).not.toContain(value);
    }
  });
});

describe('POST /predict/batch', () => {
  it('scores valid customers in one predictor call, in input order, and reports bad ones by index', async () => {
    api.calls.length = 0;
    const reply = await api.post('/predict/batch', {
      customers: [customer, { ...second, tenure: -3 }, third, 'nobody'],
    });
    expect(reply.status).toBe(200);
    expect(api.calls).toEqual([2]);
    const { summary, results } = reply.json;
    expect(summary).toEqual({ total: 4, scored: 2, failed: 2 });
    expect(results.map((r: { index: number; ok: boolean }) => [r.index, r.ok])).toEqual([
      [0, true],
      [1, false],
      [2, true],
      [3, false],
    ]);
    expect(results[1].errors).toEqual([{ field: 'tenure', message: expect.any(String) }]);
    expect(results[3].errors[0].message).toMatch(/must be a JSON object/);
    const single = await api.post('/predict', third);
    expect(results[2].prediction).toEqual(single.json);
  });

  it('answers 422 naming customers when the list is missing, empty or too long', async () => {
    for (const body of [
      {},
      { customers: [] },
      { customers: Array(1001).fill(customer) },
      { customers: 'all' },
    ]) {
      const reply = await api.post('/predict/batch', body);
      expect(reply.status).toBe(422);
      expect(reply.json.error.details[0].field).toBe('customers');
    }
  });

  it('answers 422 with each item named when no customer is valid', async () => {
    const reply = await api.post('/predict/batch', { customers: [{ ...customer, gender: 'x' }, 7] });
    expect(reply.status).toBe(422);
    expect(reply.json.error.details.map((d: { field: string }) => d.field)).toEqual([
      'customers.0.gender',
      'customers.1',
    ]);
  });

  it('refuses keys beside customers', async () => {
    const reply = await api.post('/predict/batch', { customers: [customer], extra: 1 });
    expect(reply.status).toBe(422);
    expect(reply.json.error.details[0].field).toBe('extra');
  });

  it('scores 1,000 customers within the default body limit', async () => {
    const many = customers(1000, 99);
    const reply = await api.post('/predict/batch', { customers: many });
    expect(reply.status).toBe(200);
    expect(reply.json.summary).toEqual({ total: 1000, scored: 1000, failed: 0 });
  });
});

describe('predictor failures', () => {
  const failing = (error: unknown) => () => ({
    kind: 'sagemaker' as const,
    score: () => Promise.reject(error),
  });

  it.each([
    [
      new PredictorError(503, 'model_not_ready', 'The model is starting.', { retryAfterSeconds: 5 }),
      503,
      '5',
    ],
    [new PredictorError(504, 'predictor_timeout', 'The model did not answer in time.'), 504, undefined],
    [new PredictorError(502, 'predictor_failed', 'The model answered with an error.'), 502, undefined],
  ])('maps a PredictorError to its status and code', async (error, status, retryAfter) => {
    const failingApi = await startTestApp({ predictor: failing(error) });
    try {
      const reply = await failingApi.post('/predict', customer);
      expect(reply.status).toBe(status);
      expect(reply.json.error).toEqual({
        code: error.code,
        message: error.message,
        request_id: reply.headers['x-request-id'],
      });
      expect(reply.headers['retry-after']).toBe(retryAfter);
    } finally {
      await failingApi.close();
    }
  });

  it('answers 500 without the internal message, and logs the cause', async () => {
    const failingApi = await startTestApp({ predictor: failing(new Error('secret socket detail')) });
    try {
      const reply = await failingApi.post('/predict', customer);
      expect(reply.status).toBe(500);
      expect(reply.json.error.code).toBe('internal_error');
      expect(reply.text).not.toContain('secret');
      expect(reply.text).not.toContain('at ');
      const logged = failingApi.logs.find((l) => l.message === 'request failed');
      expect(String(logged?.error)).toContain('secret socket detail');
    } finally {
      await failingApi.close();
    }
  });

  it('explains with the local model when another predictor scores', async () => {
    const remote = await startTestApp({ predictor: (local) => ({ kind: 'sagemaker', score: local.score }) });
    try {
      const reply = await remote.post('/predict', customer);
      const fromLocal = await api.post('/predict', customer);
      expect(reply.json.top_factors).toEqual(fromLocal.json.top_factors);
    } finally {
      await remote.close();
    }
  });

  it('answers 500 when a predictor returns the wrong number of scores', async () => {
    const short = await startTestApp({
      predictor: () => ({ kind: 'sagemaker', score: () => Promise.resolve(new Float64Array(0)) }),
    });
    try {
      expect((await short.post('/predict', customer)).status).toBe(500);
    } finally {
      await short.close();
    }
  });
});

describe('settings', () => {
  it('uses CHURN_THRESHOLD over the model threshold', async () => {
    const strict = await startTestApp({ threshold: 0.9 });
    try {
      expect((await strict.post('/predict', customer)).json.threshold).toBe(0.9);
      expect((await strict.get('/model')).json.threshold).toBe(0.9);
    } finally {
      await strict.close();
    }
  });

  it('answers 413 for a body over the limit', async () => {
    const small = await startTestApp({ bodyLimit: '2kb' });
    try {
      const reply = await small.post('/predict/batch', { customers: customers(20) });
      expect(reply.status).toBe(413);
      expect(reply.json.error.code).toBe('payload_too_large');
      expect(reply.json.error.message).toContain('2kb');
    } finally {
      await small.close();
    }
  });
});
