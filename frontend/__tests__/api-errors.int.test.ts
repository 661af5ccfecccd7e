import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { startUi, TEST_PASSWORD, TEST_USER, waitForHttp, type Proc } from '../e2e/stack';
import { DEFAULT_CUSTOMER } from '../lib/form-state';
import { ensureUiBuilt } from '@telco-churn/dev-tools/ui-build';
import type { BatchEvent } from '../lib/batch-types';

jest.setTimeout(120_000);

/**
 * A stand-in for the prediction API that fails on cue, so the UI server's handling of 503
 * (warming up), 502, 504, slow answers and SigV4 signing can be seen from the outside.
 */
type Fault = { status: number; retryAfter?: string } | 'hang' | undefined;
interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const PREDICTION = {
  churn_probability: 0.42,
  will_churn: false,
  threshold: 0.5,
  risk_level: 'medium',
  model_version: 'fake',
  top_factors: [],
};

function fakeApi(faults: Fault[], seen: Seen[]): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, path: req.url!, headers: req.headers, body });
      const fault = faults.shift();
      if (fault === 'hang') return;
      if (fault) {
        res.writeHead(fault.status, {
          'content-type': 'application/json',
          ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}),
        });
        return res.end(JSON.stringify({ error: { code: 'x', message: 'fault', request_id: 'req-9' } }));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/predict/batch') {
        const customers = (JSON.parse(body) as { customers: unknown[] }).customers;
        return res.end(
          JSON.stringify({
            model_version: 'fake',
            threshold: 0.5,
            summary: { total: customers.length, scored: customers.length, failed: 0 },
            results: customers.map((_, index) => ({ index, ok: true, prediction: PREDICTION })),
          }),
        );
      }
      res.end(JSON.stringify(req.url?.endsWith('/predict') ? PREDICTION : { status: 'ok' }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function signIn(
  base: string,
  password = TEST_PASSWORD,
  user = TEST_USER,
): Promise<{ status: number; location: string; cookie: string }> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    body: new URLSearchParams({ username: user, password }),
    redirect: 'manual',
    headers: { origin: base },
  });
  return {
    status: response.status,
    location: response.headers.get('location') ?? '',
    cookie: (response.headers.get('set-cookie') ?? '').split(';')[0],
  };
}

describe('the UI server against a failing or slow API', () => {
  const faults: Fault[] = [];
  const seen: Seen[] = [];
  let api: Server;
  let ui: Proc;
  let base: string;
  let cookie: string;
  const post = (path: string, body: string, type = 'application/json') =>
    fetch(`${base}${path}`, {
      method: 'POST',
      body,
      headers: { cookie, origin: base, 'content-type': type },
    });

  beforeAll(async () => {
    await ensureUiBuilt();
    api = await fakeApi(faults, seen);
    const apiPort = (api.address() as AddressInfo).port;
    const port = apiPort + 1;
    base = `http://127.0.0.1:${port}`;
    ui = startUi(port, apiPort, { API_TIMEOUT_MS: '800' });
    await waitForHttp(`${base}/api/health`, ui);
    cookie = (await signIn(base)).cookie;
  });

  afterAll(async () => {
    await ui?.stop();
    api?.close();
  });

  beforeEach(() => {
    faults.length = 0;
    seen.length = 0;
  });

  it('signs in with the configured credentials into an httpOnly, SameSite=Lax session', async () => {
    const response = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: TEST_USER, password: TEST_PASSWORD }),
      redirect: 'manual',
      headers: { origin: base },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toMatch(/churn_session=[^;]+;.*HttpOnly/i);
    expect(response.headers.get('set-cookie')).toMatch(/SameSite=lax/i);
  });

  it('refuses a sign-in posted from another site', async () => {
    const response = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: TEST_USER, password: TEST_PASSWORD }),
      redirect: 'manual',
      headers: { origin: 'https://evil.example' },
    });
    expect(response.headers.get('location')).toBe(`/login?error=origin&user=${TEST_USER}`);
  });

  it('locks a user out of this source after five wrong passwords, even with the right one next', async () => {
    const user = 'someone-else';
    for (let i = 0; i < 4; i++)
      expect((await signIn(base, 'wrong', user)).location).toBe('/login?error=invalid&user=someone-else');
    expect((await signIn(base, 'wrong', user)).location).toMatch(
      /^\/login\?error=locked&retry=5&user=someone-else$/,
    );
    expect((await signIn(base, TEST_PASSWORD, user)).location).toMatch(/error=locked/);
  });

  it('checks a customer with the API’s schema before calling the API', async () => {
    const response = await post('/api/predict', JSON.stringify({ ...DEFAULT_CUSTOMER, tenure: 150 }));
    expect(response.status).toBe(422);
    expect((await response.json()).error.fieldErrors).toEqual([
      { field: 'tenure', message: 'tenure must be a whole number from 0 to 100' },
    ]);
    expect(seen).toHaveLength(0);
  });

  it('says the model is warming up on a 503 and passes on when to retry', async () => {
    faults.push({ status: 503, retryAfter: '2' });
    const response = await post('/api/predict', JSON.stringify(DEFAULT_CUSTOMER));
    expect(response.status).toBe(503);
    expect((await response.json()).error).toMatchObject({
      kind: 'warming',
      message: 'The model is warming up, retrying…',
      retryAfterSeconds: 2,
    });
  });

  it('maps 502 and 504 from the API to messages a user understands', async () => {
    faults.push({ status: 502 }, { status: 504 });
    const bad = await post('/api/predict', JSON.stringify(DEFAULT_CUSTOMER));
    expect(bad.status).toBe(502);
    expect((await bad.json()).error.message).toBe(
      'The prediction service could not reach the model. Try again in a moment.',
    );
    const slow = await post('/api/predict', JSON.stringify(DEFAULT_CUSTOMER));
    expect(slow.status).toBe(504);
    expect((await slow.json()).error.kind).toBe('timeout');
  });

  it('gives up on an API that does not answer within API_TIMEOUT_MS', async () => {
    faults.push('hang');
    const started = Date.now();
    const response = await post('/api/predict', JSON.stringify(DEFAULT_CUSTOMER));
    expect(response.status).toBe(504);
    expect((await response.json()).error.message).toMatch(/did not answer in time/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('retries a batch chunk while the model warms up and tells the page so', async () => {
    faults.push(undefined, { status: 503, retryAfter: '1' });
    const header =
      'customerID,gender,SeniorCitizen,Partner,Dependents,tenure,PhoneService,MultipleLines,InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,StreamingMovies,Contract,PaperlessBilling,PaymentMethod,MonthlyCharges,TotalCharges';
    const line = (i: number) =>
      `C${i},Female,0,Yes,No,12,Yes,No,DSL,No,Yes,No,No,No,No,Month-to-month,Yes,Mailed check,50.5,600`;
    const csv = [header, ...Array.from({ length: 1500 }, (_, i) => line(i))].join('\n');
    const response = await post('/api/batch', csv, 'text/csv');
    const events = (await response.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as BatchEvent);
    expect(events.map((e) => e.type)).toEqual(['start', 'progress', 'warming', 'progress', 'done']);
    expect(
      seen.filter((s) => s.path === '/predict/batch').map((s) => JSON.parse(s.body).customers.length),
    ).toEqual([1000, 500, 500]);
  });

  it('answers API routes without a session with 401, not the API’s data', async () => {
    const response = await fetch(`${base}/api/predict`, {
      method: 'POST',
      body: '{}',
      headers: { origin: base },
    });
    expect(response.status).toBe(401);
    expect(seen).toHaveLength(0);
  });
});

describe('the UI server with API_AUTH=iam', () => {
  const seen: Seen[] = [];
  let api: Server;
  let ui: Proc;
  const credentials = {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  };

  beforeAll(async () => {
    await ensureUiBuilt();
    api = await fakeApi([], seen);
    const apiPort = (api.address() as AddressInfo).port;
    ui = startUi(apiPort + 2, apiPort, {
      API_AUTH: 'iam',
      API_URL: `http://127.0.0.1:${apiPort}/v1`,
      AWS_REGION: 'eu-central-1',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    });
    await waitForHttp(`http://127.0.0.1:${apiPort + 2}/api/health`, ui);
  });

  afterAll(async () => {
    await ui?.stop();
    api?.close();
  });

  it('signs each request for execute-api with the default credential chain, over exactly what it sends', async () => {
    const base = `http://127.0.0.1:${(api.address() as AddressInfo).port + 2}`;
    const { cookie } = await signIn(base);
    const response = await fetch(`${base}/api/predict`, {
      method: 'POST',
      body: JSON.stringify(DEFAULT_CUSTOMER),
      headers: { cookie, origin: base, 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
    const request = seen.find((s) => s.path === '/v1/predict')!;
    const authorization = String(request.headers.authorization);
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/execute-api\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
    );
    // Re-sign what arrived, at the time it claims: the same signature means the UI signed the
    // very method, path, headers and body it sent.
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)![1].split(';');
    const amzDate = String(request.headers['x-amz-date']);
    const verifier = new SignatureV4({
      service: 'execute-api',
      region: 'eu-central-1',
      credentials,
      sha256: Hash.bind(null, 'sha256'),
    });
    const resigned = await verifier.sign(
      {
        method: request.method,
        protocol: 'http:',
        hostname: '127.0.0.1',
        path: request.path,
        headers: Object.fromEntries(signedHeaders.map((h) => [h, String(request.headers[h])])),
        body: request.body,
      },
      {
        signingDate: new Date(
          `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
        ),
      },
    );
    expect(resigned.headers.authorization).toBe(authorization);
  });
});
