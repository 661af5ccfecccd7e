import { validateCustomer } from '@telco-churn/core/schema';
import { endpointUrl, parseSmokeArgs, SAMPLE_CUSTOMER, signedFetch, smoke, SmokeTarget } from '../smoke';

const URL_V1 = 'https://abc123.execute-api.eu-central-1.amazonaws.com/v1';
const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

describe('smoke arguments', () => {
  it('reads the region from the API Gateway host name', () => {
    expect(parseSmokeArgs(['--url', `${URL_V1}/`]).region).toBe('eu-central-1');
  });

  it('requires --url', () => {
    expect(() => parseSmokeArgs([])).toThrow(/--url is required/);
  });

  it('refuses plain http', () => {
    expect(() => parseSmokeArgs(['--url', 'http://abc.execute-api.eu-central-1.amazonaws.com/v1'])).toThrow(
      /must be https/,
    );
  });

  it('asks for --region when the host does not tell it', () => {
    expect(() => parseSmokeArgs(['--url', 'https://api.example.com/v1'])).toThrow(/pass --region/);
  });
});

describe('endpointUrl', () => {
  it('keeps the stage prefix and adds no double slash to a root URL', () => {
    expect(endpointUrl(parseSmokeArgs(['--url', URL_V1]), '/health').href).toBe(`${URL_V1}/health`);
    expect(
      endpointUrl({ url: new URL('http://127.0.0.1:8000/'), region: 'eu-central-1' }, '/health').href,
    ).toBe('http://127.0.0.1:8000/health');
  });
});

describe('signedFetch', () => {
  it('signs for execute-api in the region and keeps the stage in the path', async () => {
    const seen: Array<{ url: string; headers: Record<string, string> }> = [];
    const fetchImpl = (async (url: URL, init: RequestInit) => {
      seen.push({ url: url.href, headers: init.headers as Record<string, string> });
      return new Response('{}');
    }) as unknown as typeof fetch;
    await signedFetch(
      parseSmokeArgs(['--url', URL_V1]),
      'POST',
      '/predict',
      { a: 1 },
      { credentials, fetchImpl },
    );
    expect(seen[0].url).toBe(`${URL_V1}/predict`);
    expect(seen[0].headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/execute-api\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date|^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/execute-api\/aws4_request, SignedHeaders=content-type;host;x-amz-date/,
    );
  });
});

describe('smoke', () => {
  const target: SmokeTarget = parseSmokeArgs(['--url', URL_V1]);
  const respond = (predictBody: string, unsignedStatus = 403) => ({
    signed: (async (_t: SmokeTarget, _m: string, path: string) =>
      path === '/health' ? new Response('{"status":"ok"}') : new Response(predictBody)) as never,
    unsigned: (async () =>
      new Response('{"message":"Forbidden"}', { status: unsignedStatus })) as unknown as typeof fetch,
  });

  it('sends a customer the API schema accepts', () => {
    expect(validateCustomer(SAMPLE_CUSTOMER)).toEqual(expect.objectContaining({ ok: true }));
  });

  it('passes when health answers, predict returns a probability and unsigned calls are refused', async () => {
    const r = respond('{"churn_probability":0.71,"churn":true}');
    expect((await smoke(target, r.signed, r.unsigned)).map((c) => c.ok)).toEqual([true, true, true]);
  });

  it('fails when predict returns no probability', async () => {
    const r = respond('{"error":"ModelError"}');
    expect((await smoke(target, r.signed, r.unsigned))[1].ok).toBe(false);
  });

  it('fails when the API answers unsigned requests', async () => {
    const r = respond('{"churn_probability":0.2}', 200);
    expect((await smoke(target, r.signed, r.unsigned))[2].ok).toBe(false);
  });
});
