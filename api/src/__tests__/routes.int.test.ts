import { FEATURE_NAMES } from '@telco-churn/core/features';
import { FIELD_NAMES } from '@telco-churn/core/fields';
import { gzipSync } from 'node:zlib';
import { violations } from '../openapi/__tests__/conforms';
import { TestApp, customers, startTestApp } from './fixtures';

let api: TestApp;
beforeAll(async () => {
  api = await startTestApp();
});
afterAll(() => api.close());

describe('GET /health', () => {
  it('says ok with the predictor kind and the model version', async () => {
    const reply = await api.get('/health');
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      status: 'ok',
      predictor: 'local',
      model_version: api.artifact.params.modelVersion,
    });
  });

  it('never calls the predictor', async () => {
    api.calls.length = 0;
    await api.get('/health');
    expect(api.calls).toEqual([]);
  });
});

describe('GET /model', () => {
  it('describes the model: version, threshold, risk bands, the 46 features and the 19 fields', async () => {
    const { status, json } = await api.get('/model');
    expect(status).toBe(200);
    expect(json).toMatchObject({
      model_version: api.artifact.params.modelVersion,
      threshold: api.artifact.params.threshold,
      risk_levels: { medium: 0.3, high: 0.6 },
      features: [...FEATURE_NAMES],
    });
    expect(json.fields.map((f: { name: string }) => f.name)).toEqual(FIELD_NAMES);
    expect(json.fields.find((f: { name: string }) => f.name === 'contract').values).toEqual([
      'Month-to-month',
      'One year',
      'Two year',
    ]);
    expect(json.fields.find((f: { name: string }) => f.name === 'tenure')).toMatchObject({
      min: 0,
      max: 100,
    });
    expect(json).toHaveProperty('metrics');
  });
});

describe('unknown routes and methods', () => {
  it('answers 404 in the error shape', async () => {
    const reply = await api.get('/nope');
    expect(reply.status).toBe(404);
    expect(reply.json.error).toMatchObject({ code: 'not_found', request_id: reply.headers['x-request-id'] });
  });

  it('answers 405 with Allow for a known path and a wrong method', async () => {
    const get = await api.get('/predict');
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST, OPTIONS');
    const del = await api.request('DELETE', '/health');
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it('answers OPTIONS on a known path with 204 and Allow', async () => {
    const reply = await api.request('OPTIONS', '/predict');
    expect(reply.status).toBe(204);
    expect(reply.headers.allow).toBe('POST, OPTIONS');
  });

  it('answers 400 for a path that is not valid percent-encoding', async () => {
    const reply = await api.get('/docs/%E0%A4%A');
    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe('invalid_url');
  });
});

describe('compressed bodies', () => {
  it('accepts a gzip body and refuses one that does not inflate', async () => {
    const customer = customers(1)[0];
    const good = await api.request('POST', '/predict', {
      raw: gzipSync(JSON.stringify(customer)),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(good.status).toBe(200);
    const bad = await api.request('POST', '/predict', {
      raw: 'not gzip',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_body_encoding');
  });

  it('answers 415 for a content encoding it cannot read', async () => {
    const reply = await api.request('POST', '/predict', {
      raw: '{}',
      headers: { 'content-type': 'application/json', 'content-encoding': 'zstd-ish' },
    });
    expect(reply.status).toBe(415);
  });
});

describe('GET /openapi.json', () => {
  it('describes the customer from the joi schema: types, enums, ranges, required, no extra keys', async () => {
    const { status, json } = await api.get('/openapi.json');
    expect(status).toBe(200);
    expect(json.openapi).toMatch(/^3\./);
    const customer = json.components.schemas.Customer;
    expect(customer.required).toEqual(FIELD_NAMES);
    expect(customer.additionalProperties).toBe(false);
    expect(customer.properties.tenure).toMatchObject({ type: 'integer', minimum: 0, maximum: 100 });
    expect(customer.properties.monthlyCharges).toMatchObject({ type: 'number', minimum: 0, maximum: 200 });
    expect(customer.properties.gender).toMatchObject({ type: 'string', enum: ['Male', 'Female'] });
    expect(customer.properties.multipleLines.enum.sort()).toEqual(['No', 'No phone service', 'Yes']);
    expect(customer.properties.multipleLines['x-conditions'][0]).toMatchObject({
      when: 'phoneService',
      is: ['No'],
    });
  });

  it('documents every route and the batch limits', async () => {
    const { json } = await api.get('/openapi.json');
    expect(Object.keys(json.paths).sort()).toEqual(
      [
        '/campaign',
        '/docs',
        '/health',
        '/model',
        '/openapi.json',
        '/outcomes',
        '/predict',
        '/predict/batch',
        '/retention',
        '/retention/assumptions',
      ].sort(),
    );
    expect(json.components.schemas.BatchRequest.properties.customers).toMatchObject({
      minItems: 1,
      maxItems: 1000,
    });
    expect(json.paths['/predict'].post.responses['422'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/Error',
    );
  });

  it("documents each route's own body limit with its 413", async () => {
    const { json } = await api.get('/openapi.json');
    const tooLarge = (path: string): string => json.paths[path].post.responses['413'].description;
    expect(tooLarge('/predict')).toMatch(/BODY_LIMIT/);
    expect(tooLarge('/outcomes')).toMatch(/larger than 2mb/);
    expect(tooLarge('/campaign')).toMatch(/larger than 6mb/);
    expect(json.paths['/campaign'].post.responses['413'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/Error',
    );
  });
});

describe('the documented response shapes', () => {
  it('match what the API answers, successes and errors alike', async () => {
    const { json: doc } = await api.get('/openapi.json');
    const schemas = doc.components.schemas;
    const [good, other] = customers(2, 31);
    const answers: [string, unknown][] = [
      ['Health', (await api.get('/health')).json],
      ['ModelCard', (await api.get('/model')).json],
      ['Prediction', (await api.post('/predict', good)).json],
      [
        'BatchResponse',
        (await api.post('/predict/batch', { customers: [good, { ...other, tenure: 'x' }] })).json,
      ],
      ['Error', (await api.post('/predict', { ...good, tenure: -1 })).json],
      ['Error', (await api.get('/nowhere')).json],
    ];
    for (const [name, body] of answers)
      expect([name, violations(body, schemas[name], schemas)]).toEqual([name, []]);
  });

  it('would notice a response that strays from them', () => {
    const schemas = { Health: { type: 'object' as const, properties: {}, additionalProperties: false } };
    expect(violations({ status: 'ok' }, schemas.Health, schemas)).toEqual(['$.status: not in the schema']);
  });
});

describe('GET /docs', () => {
  it('serves Swagger UI from local files under a content security policy', async () => {
    const page = await api.get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).not.toMatch(/<script>[^<]/);
    for (const asset of ['docs/swagger-ui-bundle.js', 'docs/swagger-ui.css', 'docs/init.js']) {
      expect(page.text).toContain(asset);
      const reply = await api.get(`/${asset}`);
      expect(reply.status).toBe(200);
      expect(reply.text.length).toBeGreaterThan(100);
    }
  });

  it('serves no other file of the package', async () => {
    expect((await api.get('/docs/package.json')).status).toBe(404);
    expect((await api.get('/docs/..%2f..%2fpackage.json')).status).toBe(404);
  });
});
