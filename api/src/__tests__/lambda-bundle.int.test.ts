import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildLambda } from '@telco-churn/dev-tools/lambda-build';
import { RunningStub } from '../../stub';
import {
  customers,
  Env,
  queueFaults,
  RunningApi,
  sageMakerEnv,
  startApi,
  startSageMakerStub,
} from './sagemaker-harness';

/** Runs events through `index.handler` of the bundle in a fresh node process, as the Lambda runtime would. */
const RUNNER = `
const { handler } = require('./index.js');
const events = JSON.parse(process.argv[1]);
(async () => {
  const results = [];
  for (const event of events) results.push(await handler(event, {}));
  process.stdout.write('RESULTS ' + JSON.stringify(results) + '\\n');
})().catch((error) => { console.error(error); process.exit(1); });
`;

interface Result {
  statusCode: number;
  body: string;
  headers: Record<string, string>;
}

let dir: string;
let bundleDir: string;
let stub: RunningStub;
let local: RunningApi;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lambda-bundle-'));
  bundleDir = path.join(dir, 'task');
  await buildLambda({ outDir: bundleDir });
  stub = await startSageMakerStub();
  local = await startApi({ PREDICTOR: 'local', LOG_LEVEL: 'silent' });
}, 60_000);

afterAll(async () => {
  await local?.close();
  await stub?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const event = (method: string, route: string, body?: unknown) => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: `/v1${route}`,
  rawQueryString: '',
  headers: { 'content-type': 'application/json' },
  body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)).toString('base64'),
  isBase64Encoded: body !== undefined,
  requestContext: {
    requestId: `bundle${route}`,
    stage: 'v1',
    http: { method, path: `/v1${route}`, sourceIp: '203.0.113.7' },
  },
});

function runBundle(events: unknown[], env: Env): Promise<{ results: Result[]; stdout: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', RUNNER, JSON.stringify(events)],
      {
        cwd: bundleDir,
        env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env } as unknown as NodeJS.ProcessEnv,
      },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${error.message}\n${stderr}`));
        const line = stdout.split('\n').find((l) => l.startsWith('RESULTS '));
        if (!line) return reject(new Error(`no results:\n${stdout}\n${stderr}`));
        resolve({ results: JSON.parse(line.slice(8)) as Result[], stdout });
      },
    );
  });
}

/** What the local HTTP server answers to POST /predict. */
async function localAnswer(customer: unknown): Promise<unknown> {
  const res = await fetch(`${local.url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(customer),
  });
  return res.json();
}

describe('the Lambda bundle (dist/lambda layout) in a directory with no node_modules', () => {
  it('has no node_modules anywhere above it', () => {
    const ancestors: string[] = [];
    for (let at = bundleDir; at !== path.dirname(at); at = path.dirname(at)) ancestors.push(at);
    expect(ancestors.filter((at) => existsSync(path.join(at, 'node_modules')))).toEqual([]);
  });

  it('answers HTTP API v2 events with the local predictor, using its V8 code cache', async () => {
    const customer = customers(1, 61)[0];
    const { results, stdout } = await runBundle(
      [event('GET', '/health'), event('POST', '/predict', customer)],
      {
        PREDICTOR: 'local',
      },
    );
    expect(stdout).toContain('"code_cache":"accepted"');
    expect(results[0].statusCode).toBe(200);
    expect(JSON.parse(results[0].body)).toMatchObject({ status: 'ok', predictor: 'local' });
    expect(results[1].statusCode).toBe(200);
    expect(JSON.parse(results[1].body)).toEqual(await localAnswer(customer));
  });

  it('serves Swagger UI from the copy beside the bundle', async () => {
    const { results } = await runBundle([event('GET', '/docs'), event('GET', '/docs/swagger-ui.css')], {
      PREDICTOR: 'local',
    });
    expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(results[1].body).toContain('.swagger-ui');
  });

  it('scores through the stub SageMaker endpoint with the AWS SDK bundled inside', async () => {
    const customer = customers(1, 62)[0];
    await queueFaults(stub, [
      { fault: 'ModelNotReadyException' },
      { fault: 'ModelNotReadyException' },
      { fault: 'ModelNotReadyException' },
    ]);
    const before = stub.state.invocations;
    const { results } = await runBundle(
      [event('POST', '/predict', customer), event('POST', '/predict', customer)],
      sageMakerEnv(stub.url, { LOG_LEVEL: 'warn', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }),
    );
    expect(stub.state.invocations - before).toBe(4);
    expect(results[0].statusCode).toBe(503);
    expect(results[0].headers['retry-after']).toBe('5');
    expect(results[1].statusCode).toBe(200);
    expect(JSON.parse(results[1].body)).toEqual(await localAnswer(customer));
  });
});
