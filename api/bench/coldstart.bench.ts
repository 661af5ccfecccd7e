import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { buildLambda, bundleForLambda, writeCodeCache } from '@telco-churn/dev-tools/lambda-build';
import { DEFAULT_MODEL_DIR } from '../src/config';
import { generateCustomers } from '@telco-churn/core/synthetic';
import { startStub } from '../stub';
import { PYTHON, pythonReferenceMissing, pythonReferenceScript } from './python-reference';

/**
 * `npm run bench:coldstart`: time from process start to the first answered event for the
 * Lambda bundle, run from a temp dir with no node_modules. Each run is a fresh `node`
 * process that requires index.js and hands it one HTTP API v2 event (POST /v1/predict). The
 * child reports `performance.now()` at the answer (its clock starts with the process); the
 * parent also times spawn-to-answer. Medians and minimums of RUNS runs, interleaved so
 * machine noise spreads evenly; an empty node process is the floor.
 *
 * Beside it, in the same run: the images' Node 24 (NODE24_BIN, with a code cache made by it),
 * the older system's Python start (python-reference.ts), and a second floor: the prescribed
 * stack alone (stack-floor.ts: Express + serverless-http + the SageMaker runtime client, one
 * route, bundled and code-cached the same way), which shows how much of the cold start is ours.
 * The goal is a SageMaker-mode cold start at least GOAL_RATIO times faster than the Python
 * start, spawn to ready.
 */
const RUNS = Number(process.env.RUNS ?? 15);
const GOAL_RATIO = 4;
const REGION = 'eu-central-1';

const CUSTOMER = generateCustomers(1, 7)[0].customer;

const RUNNER = `
const { handler } = require(process.argv[2]);
const body = JSON.stringify(${JSON.stringify(CUSTOMER)});
const event = {
  version: '2.0', routeKey: '$default', rawPath: '/v1/predict', rawQueryString: '',
  headers: { 'content-type': 'application/json' }, body, isBase64Encoded: false,
  requestContext: { requestId: 'bench', stage: 'v1', http: { method: 'POST', path: '/v1/predict', sourceIp: '127.0.0.1' } },
};
handler(event, {}).then((result) => {
  const cpu = process.cpuUsage();
  process.stdout.write('RESULT ' + JSON.stringify({ at: performance.now(), cpu: (cpu.user + cpu.system) / 1000, status: result.statusCode }) + '\\n');
  process.exit(0);
});
`;
const EMPTY = `const cpu = process.cpuUsage(); process.stdout.write('RESULT ' + JSON.stringify({ at: performance.now(), cpu: (cpu.user + cpu.system) / 1000, status: 0 }) + '\\n');`;

interface Sample {
  /** ms since the child's own process start; null for Python, which has no such clock. */
  at: number | null;
  wall: number;
  cpu: number;
  status: number;
}

interface Scenario {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
}

function runOnce(scenario: Scenario, cwd: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(scenario.command, scenario.args, {
      cwd,
      env: scenario.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (line) {
        const wall = performance.now() - started;
        resolve({ ...(JSON.parse(line.slice(7)) as Omit<Sample, 'wall'>), wall });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      if (!out.includes('RESULT '))
        reject(new Error(`${scenario.name} failed (exit ${code}): ${err.slice(0, 500)}`));
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const STACK_FLOOR = 'stack floor (express, serverless-http, SDK)';

/**
 * stack-floor.ts as a Lambda bundle in `outDir`: the same bundler settings, the same loader
 * (index.js) and a code cache written by the same warm-up as the API's bundle in `apiDir`.
 */
async function buildStackFloor(apiDir: string, outDir: string, node: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await bundleForLambda(path.join(__dirname, 'stack-floor.ts'), path.join(outDir, 'app.js'));
  for (const file of ['index.js', 'warmup.js'])
    copyFileSync(path.join(apiDir, file), path.join(outDir, file));
  writeCodeCache(outDir, node);
}

const nodeVersion = (node: string) => execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'coldstart-'));
  const node24 = process.env.NODE24_BIN;
  const pythonMissing = pythonReferenceMissing();
  const built = await buildLambda({ outDir: path.join(dir, 'cached') });
  await buildLambda({ outDir: path.join(dir, 'uncached'), codeCache: false });
  if (node24) await buildLambda({ outDir: path.join(dir, 'cached24'), codeCacheNode: node24 });
  const floors = [{ bundle: 'floor', node: process.execPath }];
  if (node24) floors.push({ bundle: 'floor24', node: node24 });
  for (const floor of floors)
    await buildStackFloor(path.join(dir, 'cached'), path.join(dir, floor.bundle), floor.node);
  writeFileSync(path.join(dir, 'run.js'), RUNNER);
  writeFileSync(path.join(dir, 'empty.js'), EMPTY);
  const stub = await startStub({ modelDir: DEFAULT_MODEL_DIR, endpoints: ['telco-churn'] });
  writeFileSync(path.join(dir, 'reference.py'), pythonReferenceScript(stub.url, REGION));
  const base: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    LOG_LEVEL: 'warn',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const sagemaker = {
    ...base,
    SAGEMAKER_ENDPOINT_NAME: 'telco-churn',
    SAGEMAKER_ENDPOINT_URL: stub.url,
    AWS_REGION: REGION,
  };
  const run = (bundle: string) => [path.join(dir, 'run.js'), path.join(dir, bundle, 'index.js')];
  const nodes = [
    { label: `node ${process.version}`, node: process.execPath, bundle: 'cached', floor: 'floor' },
  ];
  if (node24)
    nodes.push({ label: `node ${nodeVersion(node24)}`, node: node24, bundle: 'cached24', floor: 'floor24' });
  const scenarios: Scenario[] = nodes.flatMap(({ label, node, bundle, floor }) => [
    { name: `${label}: empty process (floor)`, command: node, args: [path.join(dir, 'empty.js')], env: base },
    { name: `${label}: ${STACK_FLOOR}`, command: node, args: run(floor), env: sagemaker },
    { name: `${label}: bundle, local predictor`, command: node, args: run(bundle), env: base },
    { name: `${label}: bundle, sagemaker -> stub`, command: node, args: run(bundle), env: sagemaker },
  ]);
  scenarios.push({
    name: `node ${process.version}: sagemaker, no code cache`,
    command: process.execPath,
    args: run('uncached'),
    env: sagemaker,
  });
  if (!pythonMissing) {
    scenarios.push({
      name: 'python: fastapi+pydantic+loguru+boto3, client',
      command: PYTHON,
      args: [path.join(dir, 'reference.py')],
      env: { PATH: process.env.PATH },
    });
  }
  const samples = scenarios.map(() => [] as Sample[]);
  const load = loadavg()[0];
  try {
    for (let i = 0; i < RUNS; i += 1) {
      for (const [at, scenario] of scenarios.entries()) samples[at].push(await runOnce(scenario, dir));
    }
  } finally {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  const ms = (x: number | null) => (x === null ? '—' : x.toFixed(1));
  console.log(
    `bench:coldstart: app.js ${mb(built.bundleBytes)}, bundle dir ${mb(built.totalBytes)}, load average ${load.toFixed(2)}`,
  );
  if (!node24)
    console.log(
      'bench:coldstart: Node 24 skipped, NODE24_BIN is not set (export NODE24_BIN="$(.ci/node24)")',
    );
  if (pythonMissing) console.log(`bench:coldstart: Python reference skipped, ${pythonMissing}`);
  console.log(`process start -> first answered POST /v1/predict, ${RUNS} runs each (ms)`);
  console.log(
    `${'scenario'.padEnd(60)}${'median'.padStart(8)}${'min'.padStart(8)}${'spawn→answer'.padStart(14)}${'cpu'.padStart(8)}  status`,
  );
  const medianWall = samples.map((s) => median(s.map((x) => x.wall)));
  scenarios.forEach((scenario, i) => {
    const s = samples[i];
    const ats = s.flatMap((x) => (x.at === null ? [] : [x.at]));
    const statuses = [...new Set(s.map((x) => x.status))].join(',');
    console.log(
      `${scenario.name.padEnd(60)}${ms(ats.length ? median(ats) : null).padStart(8)}` +
        `${ms(ats.length ? Math.min(...ats) : null).padStart(8)}${medianWall[i].toFixed(1).padStart(14)}` +
        `${median(s.map((x) => x.cpu))
          .toFixed(0)
          .padStart(8)}  ${statuses}`,
    );
  });
  if (pythonMissing) return;
  // Spawn-to-answer for both, timed the same way by this process; the best runs show the
  // ratio with the least machine noise, the medians the typical one.
  const python = scenarios.length - 1;
  const minWall = samples.map((s) => Math.min(...s.map((x) => x.wall)));
  for (const { label } of nodes) {
    const at = scenarios.findIndex((s) => s.name === `${label}: bundle, sagemaker -> stub`);
    const ratio = medianWall[python] / medianWall[at];
    const floor = scenarios.findIndex((s) => s.name === `${label}: ${STACK_FLOOR}`);
    console.log(
      `${label}, ${STACK_FLOOR} vs the Python start, spawn→answer: median ${medianWall[floor].toFixed(1)} ms = ` +
        `${(medianWall[python] / medianWall[floor]).toFixed(1)}× faster; the API itself adds ` +
        `${(medianWall[at] - medianWall[floor]).toFixed(1)} ms to it`,
    );
    console.log(
      `${label}, sagemaker predictor vs the Python start, spawn→answer: median ${medianWall[at].toFixed(1)} vs ` +
        `${medianWall[python].toFixed(1)} ms = ${ratio.toFixed(1)}× faster (best runs ${minWall[at].toFixed(1)} vs ` +
        `${minWall[python].toFixed(1)} ms = ${(minWall[python] / minWall[at]).toFixed(1)}×); ` +
        `goal ≥ ${GOAL_RATIO}× at the median: ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
