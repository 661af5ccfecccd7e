import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildLambda, lambdaNodeFlags } from '@telco-churn/dev-tools/lambda-build';
import { RunningStub } from '../../stub';
import { withoutIds } from './fixtures';
import { bundleEvent as event, predictAnswer, runBundle } from './lambda-bundle-harness';
import { node24Bin } from './node24';
import { customers, RunningApi, sageMakerEnv, startApi, startSageMakerStub } from './sagemaker-harness';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const DOCKERFILE = readFileSync(path.join(REPO_ROOT, 'Dockerfile.lambda'), 'utf8');
const NODE24 = node24Bin('the Lambda bundle on Node 24');
/** Dockerfile.lambda's ENV, for the build step and the runs alike. */
const IMAGE_ENV = { NODE_ENV: 'production' } as const;

/** The function memory Dockerfile.lambda builds its code cache for (`ARG LAMBDA_MEMORY_MB`). */
function dockerfileMemoryMb(): number {
  const match = /^ARG LAMBDA_MEMORY_MB=(\d+)$/m.exec(DOCKERFILE);
  if (!match) throw new Error('Dockerfile.lambda has no ARG LAMBDA_MEMORY_MB=<n>');
  return Number(match[1]);
}

/** Dockerfile.lambda's RUN step (continuation lines joined): the warm-up that writes the code cache. */
function dockerfileWarmupStep(): string {
  const steps = DOCKERFILE.replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.startsWith('RUN '));
  const warmup = steps.find((step) => step.includes('warmup.js'));
  if (!warmup) throw new Error('Dockerfile.lambda has no RUN step running warmup.js');
  return warmup.slice('RUN '.length);
}

it('Dockerfile.lambda builds on the Lambda Node.js 24 base image', () => {
  expect(DOCKERFILE).toMatch(/^FROM public\.ecr\.aws\/lambda\/nodejs:24$/m);
});

(NODE24 ? describe : describe.skip)('the Lambda bundle on Node 24, as the nodejs:24 image runs it', () => {
  const node = NODE24 as string;
  const flags = lambdaNodeFlags(dockerfileMemoryMb());
  let dir: string;
  let bundleDir: string;
  let stub: RunningStub;
  let local: RunningApi;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lambda-node24-'));
    bundleDir = path.join(dir, 'task');
    // The bundle as `npm run build:lambda` leaves it, then the image's own step, run as the
    // image runs it: its shell, its `node` (Node 24), LAMBDA_TASK_ROOT pointing at the bundle.
    await buildLambda({ outDir: bundleDir, codeCache: false });
    execFileSync('/bin/sh', ['-c', dockerfileWarmupStep()], {
      env: {
        ...IMAGE_ENV,
        PATH: `${path.dirname(node)}:${process.env.PATH}`,
        LAMBDA_TASK_ROOT: bundleDir,
        LAMBDA_MEMORY_MB: String(dockerfileMemoryMb()),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    stub = await startSageMakerStub();
    local = await startApi({ PREDICTOR: 'local', LOG_LEVEL: 'silent' });
  }, 120_000);

  afterAll(async () => {
    await local?.close();
    await stub?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("answers v2 events with the local predictor, using the cache the image's step made under the runtime's flags", async () => {
    const customer = customers(1, 71)[0];
    const run = await runBundle(
      bundleDir,
      [event('GET', '/health'), event('POST', '/predict', customer)],
      { ...IMAGE_ENV, PREDICTOR: 'local' },
      { node, flags },
    );
    expect(run.node).toMatch(/^v24\./);
    expect(run.stdout).toContain('"code_cache":"accepted"');
    expect(run.results.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(withoutIds(JSON.parse(run.results[1].body))).toEqual(
      withoutIds(await predictAnswer(local.url, customer)),
    );
  });

  it('scores through the stub SageMaker endpoint with the bundled AWS SDK', async () => {
    const batch = customers(3, 72);
    const before = stub.state.invocations;
    const run = await runBundle(
      bundleDir,
      [event('POST', '/predict', batch[0]), event('POST', '/predict/batch', { customers: batch })],
      sageMakerEnv(stub.url, { ...IMAGE_ENV, LOG_LEVEL: 'warn' }),
      { node, flags },
    );
    expect(stub.state.invocations - before).toBe(2);
    // The SDK's end-of-support notice for Node 20 must not appear on the images' Node.
    expect(run.stderr).not.toContain('NodeVersionSupportWarning');
    expect(run.results.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(withoutIds(JSON.parse(run.results[0].body))).toEqual(
      withoutIds(await predictAnswer(local.url, batch[0])),
    );
    expect(JSON.parse(run.results[1].body)).toMatchObject({ summary: { total: 3, scored: 3, failed: 0 } });
  });

  // Under .ci/run's Node 24 pass this process is Node 24 itself: there is no other Node to try.
  (process.version.startsWith('v24.') ? it.skip : it)(
    'still answers when started by another Node, which rejects the cache (why the image rebuilds it)',
    async () => {
      const run = await runBundle(bundleDir, [event('GET', '/health')], { PREDICTOR: 'local' });
      expect(run.node).toBe(process.version);
      expect(run.stdout).toContain('"code_cache":"rejected"');
      expect(run.results[0].statusCode).toBe(200);
    },
  );
});
