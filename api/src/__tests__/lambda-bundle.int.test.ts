import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildLambda } from '@telco-churn/dev-tools/lambda-build';
import { MODEL_FILE } from '@telco-churn/xgboost-runtime';
import { COMPILED_FILE, readCompiledBooster } from '@telco-churn/xgboost-runtime/compiled';
import { RunningStub } from '../../stub';
import { withoutIds } from './fixtures';
import { bundleEvent as event, predictAnswer, runBundle as runIn } from './lambda-bundle-harness';
import {
  customers,
  Env,
  queueFaults,
  RunningApi,
  sageMakerEnv,
  startApi,
  startSageMakerStub,
} from './sagemaker-harness';

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

const runBundle = (events: Parameters<typeof runIn>[1], env: Env) => runIn(bundleDir, events, env);

const localAnswer = async (customer: unknown) => withoutIds(await predictAnswer(local.url, customer));

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
    expect(withoutIds(JSON.parse(results[1].body))).toEqual(await localAnswer(customer));
  });

  it('ships a compiled booster made from its own model file, so a cold start does not parse the model', () => {
    const model = path.join(bundleDir, 'model');
    const compiled = readCompiledBooster(
      readFileSync(path.join(model, COMPILED_FILE)),
      readFileSync(path.join(model, MODEL_FILE)),
      COMPILED_FILE,
    );
    expect(compiled?.booster.numTrees).toBeGreaterThan(0);
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
    expect(withoutIds(JSON.parse(results[1].body))).toEqual(await localAnswer(customer));
  });
});

describe('the monitor job entry in the same bundle (monitor.handler)', () => {
  it('loads without node_modules and names the first missing setting', async () => {
    const script =
      "require('./monitor.js').handler({}).then(() => console.log('RAN'), (e) => console.log('FAILED ' + e.message))";
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['-e', script],
        { cwd: bundleDir, env: { PATH: process.env.PATH } as unknown as NodeJS.ProcessEnv },
        (error, out) => (error ? reject(error) : resolve(out)),
      ),
    );
    expect(stdout).toContain('FAILED invalid setting ATHENA_WORKGROUP: ATHENA_WORKGROUP is required');
  });

  it('scores on a multi-concurrency Lambda, where the SDK imports async_hooks with import()', async () => {
    // Lambda Managed Instances set AWS_LAMBDA_MAX_CONCURRENCY; the SDK then keeps each
    // invocation's context in AsyncLocalStorage, loaded by a dynamic import() the loader's
    // vm.Script cannot run unless the bundle turned it into require().
    const customer = customers(1, 63)[0];
    const { results } = await runBundle(
      [event('POST', '/predict', customer)],
      sageMakerEnv(stub.url, {
        LOG_LEVEL: 'warn',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_LAMBDA_FUNCTION_NAME: 'telco-churn-api',
        AWS_LAMBDA_MAX_CONCURRENCY: '4',
      }),
    );
    expect(results[0].statusCode).toBe(200);
    expect(withoutIds(JSON.parse(results[0].body))).toEqual(await localAnswer(customer));
  });
});
