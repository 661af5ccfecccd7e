import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  InvokeEndpointCommand,
  InvokeEndpointCommandInput,
  SageMakerRuntimeClient,
} from '@aws-sdk/client-sagemaker-runtime';
import { DEFAULT_MODEL_DIR } from '../../src/config';
import { generateCustomers } from '@telco-churn/core/synthetic';
import { predictProba } from '@telco-churn/xgboost-runtime';
import { Artifact, loadArtifact } from '@telco-churn/core/artifact';
import { toCsvPayload } from '../../src/predictors/sagemaker-csv';
import { createSageMakerClient } from '../../src/predictors/sagemaker';
import { RunningStub, startStub } from '../index';

const ENDPOINT = 'telco-churn';
let stub: RunningStub;
let client: SageMakerRuntimeClient;
let artifact: Artifact;
let width: number;

beforeAll(async () => {
  artifact = await loadArtifact(DEFAULT_MODEL_DIR);
  width = artifact.encoder.featureNames.length;
  stub = await startStub({ modelDir: DEFAULT_MODEL_DIR, endpoints: [ENDPOINT], accountId: '123456789012' });
  client = createSageMakerClient({ endpointUrl: stub.url });
});

afterAll(async () => {
  client.destroy();
  await stub.close();
});

beforeEach(() => {
  stub.state.queued.length = 0;
});

const rows = (n: number, seed: number) =>
  artifact.encoder.encodeMany(generateCustomers(n, seed).map((r) => r.customer));

const invoke = (input: Partial<InvokeEndpointCommandInput> & { Body: string }) =>
  client.send(new InvokeEndpointCommand({ EndpointName: ENDPOINT, ContentType: 'text/csv', ...input }));

/** The SDK's error for a request, so tests can look at its name, status and members. */
async function failure(input: Partial<InvokeEndpointCommandInput> & { Body: string }) {
  try {
    await invoke(input);
  } catch (error) {
    return error as Error & {
      $metadata: { httpStatusCode?: number; requestId?: string };
      [key: string]: unknown;
    };
  }
  throw new Error('expected InvokeEndpoint to fail');
}

const text = (body: Uint8Array | undefined) => Buffer.from(body ?? []).toString('utf8');

describe('the stub SageMaker endpoint, through the real AWS SDK', () => {
  it('scores text/csv like the XGBoost container: one float32 value per line, trailing newline', async () => {
    const x = rows(200, 11);
    const out = await invoke({ Body: toCsvPayload(x, 200, width) });
    expect(out.ContentType).toMatch(/^text\/csv/);
    expect(out.InvokedProductionVariant).toBe('AllTraffic');
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const body = text(out.Body);
    expect(body.endsWith('\n')).toBe(true);
    const scores = body.trimEnd().split('\n').map(Number);
    expect(scores).toEqual(Array.from(predictProba(artifact.booster, x, 200)));
  });

  it('answers {"predictions": [{"score": p}]} when JSON is accepted', async () => {
    const x = rows(3, 12);
    const out = await invoke({ Body: toCsvPayload(x, 3, width), Accept: 'application/json' });
    expect(out.ContentType).toBe('application/json');
    const { predictions } = JSON.parse(text(out.Body)) as { predictions: { score: number }[] };
    expect(predictions.map((p) => p.score)).toEqual(Array.from(predictProba(artifact.booster, x, 3)));
  });

  it('reads a line with too few columns as missing values, silently, as the container does', async () => {
    const out = await invoke({ Body: '1,0,1\n' });
    const x = new Float32Array(width).fill(NaN);
    x.set([1, 0, 1]);
    expect(Number(text(out.Body))).toBe(predictProba(artifact.booster, x, 1)[0]);
  });

  it('refuses too many columns with the container 400 relayed as a ModelError', async () => {
    const error = await failure({ Body: `${new Array(width + 1).fill('0').join(',')}\n` });
    expect(error.name).toBe('ModelError');
    expect(error.$metadata.httpStatusCode).toBe(424);
    expect(error.OriginalStatusCode).toBe(400);
    expect(error.message).toContain('Unable to evaluate payload provided');
    expect(error.message).toContain('Number of columns does not match number of features in booster.');
  });

  it('refuses application/json input with the container 415', async () => {
    const error = await failure({ Body: '{"instances": [[1, 2]]}', ContentType: 'application/json' });
    expect(error.name).toBe('ModelError');
    expect(error.OriginalStatusCode).toBe(415);
  });

  it('refuses a value that is not a number, quoting it', async () => {
    const error = await failure({ Body: '1,abc,3\n' });
    expect(error.OriginalStatusCode).toBe(400);
    expect(error.message).toContain("could not convert string to float: 'abc'");
  });

  it('says an unknown endpoint is not found, as a ValidationError naming endpoint and account', async () => {
    const error = await failure({ Body: '1\n', EndpointName: 'no-such-endpoint' });
    expect(error.name).toBe('ValidationError');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toBe('Endpoint no-such-endpoint of account 123456789012 not found.');
  });

  it.each([
    ['ModelNotReadyException', 429],
    ['ModelError', 424],
    ['ValidationError', 400],
    ['InternalFailure', 500],
    ['ServiceUnavailable', 503],
    ['InternalDependencyException', 530],
    ['ThrottlingException', 400],
  ])('plays %s on request through CustomAttributes, with HTTP %i and a request id', async (fault, status) => {
    const error = await failure({ Body: '1\n', CustomAttributes: `fault=${fault}` });
    expect(error.name).toBe(fault);
    expect(error.$metadata.httpStatusCode).toBe(status);
    expect(error.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('plays a container timeout as a ModelError with original status 0', async () => {
    const error = await failure({ Body: '1\n', CustomAttributes: 'fault=ModelErrorTimeout' });
    expect(error.name).toBe('ModelError');
    expect(error.OriginalStatusCode).toBe(0);
    expect(error.message).toContain('Your invocation timed out');
  });

  it('plays a garbage body and a short answer with status 200', async () => {
    const garbage = await invoke({ Body: '1\n2\n', CustomAttributes: 'fault=garbage' });
    expect(text(garbage.Body)).toContain('<html>');
    const short = await invoke({ Body: `${'1\n'.repeat(3)}`, CustomAttributes: 'fault=short' });
    expect(text(short.Body).trim().split('\n')).toHaveLength(2);
  });

  it('drops the connection when told to', async () => {
    const error = await failure({ Body: '1\n', CustomAttributes: 'fault=drop' });
    // The SDK calls a reset socket a TimeoutError (code ECONNRESET); under jest, whose Error is
    // another realm's, it wraps it as "AWS SDK error wrapper for TimeoutError: socket hang up".
    expect(`${(error as { code?: string }).code} ${error.message}`).toMatch(
      /ECONNRESET|EPIPE|socket hang up/,
    );
  });

  it('adds latency from CustomAttributes', async () => {
    const started = Date.now();
    await invoke({ Body: '1\n', CustomAttributes: 'latency_ms=150' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('refuses an unknown fault name, naming the choices', async () => {
    const error = await failure({ Body: '1\n', CustomAttributes: 'fault=Meteor' });
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain('unknown fault "Meteor"');
  });
});

describe('the stub control routes and headers', () => {
  const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stub.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('plays queued faults in order on the next requests, then answers normally', async () => {
    const queued = await post('/_stub/faults', {
      faults: ['ModelNotReadyException', { fault: 'InternalFailure' }],
    });
    expect(queued.status).toBe(200);
    const before = stub.state.invocations;
    expect((await failure({ Body: '1\n' })).name).toBe('ModelNotReadyException');
    expect((await failure({ Body: '1\n' })).name).toBe('InternalFailure');
    await expect(invoke({ Body: '1\n' })).resolves.toBeDefined();
    const stats = (await (await fetch(`${stub.url}/_stub/stats`)).json()) as { invocations: number };
    expect(stats.invocations).toBe(before + 3);
  });

  it('queues one fault several times with count', async () => {
    await post('/_stub/faults', { fault: 'ServiceUnavailable', count: 2 });
    const listed = (await (await fetch(`${stub.url}/_stub/faults`)).json()) as { queued: unknown[] };
    expect(listed.queued).toEqual([{ fault: 'ServiceUnavailable' }, { fault: 'ServiceUnavailable' }]);
    await fetch(`${stub.url}/_stub/faults`, { method: 'DELETE' });
    await expect(invoke({ Body: '1\n' })).resolves.toBeDefined();
  });

  it('refuses the no-cors text/plain POST a web page can send, and queues nothing', async () => {
    // What `fetch(stub + '/_stub/faults', { mode: 'no-cors', method: 'POST', body })` sends from
    // a page on another site.
    const res = await fetch(`${stub.url}/_stub/faults`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain;charset=UTF-8',
        origin: 'https://evil.example',
        'sec-fetch-mode': 'no-cors',
        'sec-fetch-site': 'cross-site',
      },
      body: JSON.stringify({ fault: 'ModelError', count: 5 }),
    });
    expect(res.status).toBe(403);
    expect(stub.state.queued).toEqual([]);
  });

  it('refuses a control POST that is not JSON, even from a local tool', async () => {
    const res = await fetch(`${stub.url}/_stub/faults`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ fault: 'ModelError' }),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { message: string }).message).toContain('application/json');
    expect(stub.state.queued).toEqual([]);
  });

  it('refuses JSON from a foreign origin and a reset or clear from one', async () => {
    stub.state.queued.push({ fault: 'ModelError' });
    expect(
      (await post('/_stub/faults', { fault: 'ModelError' }, { origin: 'http://localhost:3000' })).status,
    ).toBe(403);
    expect((await post('/_stub/reset', {}, { origin: 'null' })).status).toBe(403);
    const cleared = await fetch(`${stub.url}/_stub/faults`, {
      method: 'DELETE',
      headers: { origin: 'https://evil.example' },
    });
    expect(cleared.status).toBe(403);
    expect(stub.state.queued).toEqual([{ fault: 'ModelError' }]);
    expect((await post('/_stub/faults', { fault: 'ModelError' }, { origin: stub.url })).status).toBe(200);
  });

  it('refuses a bad fault queue with a message naming the entry', async () => {
    const res = await post('/_stub/faults', { faults: ['ModelError', 'Nope'] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('faults[1].fault');
  });

  it('takes a fault from the X-Stub-Fault header with the x-amzn-ErrorType header and a JSON body', async () => {
    const res = await fetch(`${stub.url}/endpoints/${ENDPOINT}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'x-stub-fault': 'InternalDependencyException' },
      body: '1\n',
    });
    expect(res.status).toBe(530);
    expect(res.headers.get('x-amzn-errortype')).toBe('InternalDependencyException');
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(((await res.json()) as { message: string }).message).toBeTruthy();
  });

  it('answers an unknown operation with a JSON error', async () => {
    const res = await fetch(`${stub.url}/endpoints/${ENDPOINT}`, { method: 'GET' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });
});

describe('the stub cold start', () => {
  it('delays only the first invocation after start', async () => {
    const cold = await startStub({ modelDir: DEFAULT_MODEL_DIR, endpoints: [ENDPOINT], coldStartMs: 600 });
    const coldClient = createSageMakerClient({ endpointUrl: cold.url });
    try {
      const send = async () => {
        const started = Date.now();
        await coldClient.send(
          new InvokeEndpointCommand({ EndpointName: ENDPOINT, ContentType: 'text/csv', Body: '1\n' }),
        );
        return Date.now() - started;
      };
      const first = await send();
      const second = await send();
      expect(first).toBeGreaterThanOrEqual(590);
      // Relative, so a loaded machine slowing both calls does not fail it.
      expect(first - second).toBeGreaterThanOrEqual(400);
    } finally {
      coldClient.destroy();
      await cold.close();
    }
  });
});

const PYTHON = '/usr/bin/python3';
const hasXgboost =
  existsSync(PYTHON) &&
  (() => {
    try {
      execFileSync(PYTHON, ['-c', 'import xgboost, numpy'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
if (!hasXgboost) console.log('stub vs xgboost: skipped, /usr/bin/python3 with xgboost is not installed');

(hasXgboost ? describe : describe.skip)('the stub against xgboost 1.7', () => {
  it('answers byte for byte what xgboost and Python write for the same CSV payload', async () => {
    const x = rows(300, 13);
    const payload = toCsvPayload(x, 300, width);
    const dir = mkdtempSync(path.join(tmpdir(), 'stub-xgb-'));
    writeFileSync(path.join(dir, 'payload.csv'), payload);
    // As the container does: parse the CSV as doubles, DMatrix (float32), predict without feature-name checks.
    const script = [
      'import sys, numpy as np, xgboost as xgb',
      'b = xgb.Booster(); b.load_model(sys.argv[1])',
      'x = np.loadtxt(sys.argv[2], delimiter=",", ndmin=2)',
      'p = b.predict(xgb.DMatrix(x), validate_features=False)',
      'sys.stdout.write("".join(repr(float(v)) + "\\n" for v in p))',
    ].join('\n');
    const expected = execFileSync(PYTHON, [
      '-c',
      script,
      path.join(DEFAULT_MODEL_DIR, 'xgboost-model'),
      path.join(dir, 'payload.csv'),
    ]).toString();
    const out = await invoke({ Body: payload });
    expect(text(out.Body)).toBe(expected);
  }, 60_000); // starts Python and imports xgboost: seconds on a loaded machine
});
