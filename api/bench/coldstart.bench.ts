import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { buildLambda } from '@telco-churn/dev-tools/lambda-build';
import { DEFAULT_MODEL_DIR } from '../src/config';
import { generateCustomers } from '@telco-churn/core/synthetic';
import { startStub } from '../stub';

/**
 * `npm run bench:coldstart`: time from process start to the first answered event for the
 * Lambda bundle, run from a temp dir with no node_modules. Each run is a fresh `node`
 * process that requires index.js and hands it one HTTP API v2 event (POST /v1/predict). The
 * child reports `performance.now()` at the answer (its clock starts with the process); the
 * parent also times spawn-to-answer. Medians and minimums of RUNS runs, interleaved so
 * machine noise spreads evenly; an empty node process is the floor.
 */
const RUNS = Number(process.env.RUNS ?? 15);
const TARGET_MS = 150;
const PYTHON_LAMBDA_MS = 1000;

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
  at: number;
  wall: number;
  cpu: number;
  status: number;
}

function runOnce(args: string[], env: Record<string, string | undefined>, cwd: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd,
      env: env as NodeJS.ProcessEnv,
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
      if (!out.includes('RESULT ')) reject(new Error(`run failed (exit ${code}): ${err.slice(0, 500)}`));
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'coldstart-'));
  const withCache = path.join(dir, 'cached');
  const withoutCache = path.join(dir, 'uncached');
  const built = await buildLambda({ outDir: withCache });
  await buildLambda({ outDir: withoutCache, codeCache: false });
  writeFileSync(path.join(dir, 'run.js'), RUNNER);
  writeFileSync(path.join(dir, 'empty.js'), EMPTY);
  const stub = await startStub({ modelDir: DEFAULT_MODEL_DIR, endpoints: ['telco-churn'] });
  const base: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    LOG_LEVEL: 'warn',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const sagemaker = {
    ...base,
    SAGEMAKER_ENDPOINT_NAME: 'telco-churn',
    SAGEMAKER_ENDPOINT_URL: stub.url,
    AWS_REGION: 'eu-central-1',
  };
  const scenarios: { name: string; args: string[]; env: Record<string, string | undefined> }[] = [
    { name: 'node, empty process (floor)', args: [path.join(dir, 'empty.js')], env: base },
    {
      name: 'bundle, local predictor',
      args: [path.join(dir, 'run.js'), path.join(withCache, 'index.js')],
      env: base,
    },
    {
      name: 'bundle, sagemaker predictor -> stub',
      args: [path.join(dir, 'run.js'), path.join(withCache, 'index.js')],
      env: sagemaker,
    },
    {
      name: 'bundle, sagemaker, no code cache',
      args: [path.join(dir, 'run.js'), path.join(withoutCache, 'index.js')],
      env: sagemaker,
    },
  ];
  const samples = scenarios.map(() => [] as Sample[]);
  const load = loadavg()[0];
  try {
    for (let run = 0; run < RUNS; run += 1) {
      for (const [i, scenario] of scenarios.entries())
        samples[i].push(await runOnce(scenario.args, scenario.env, dir));
    }
  } finally {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  console.log(
    `bench:coldstart: app.js ${mb(built.bundleBytes)}, bundle dir ${mb(built.totalBytes)}, node ${process.version}, load average ${load.toFixed(2)}`,
  );
  console.log(`process start -> first answered POST /v1/predict, ${RUNS} runs each (ms)`);
  console.log(
    `${'scenario'.padEnd(40)}${'median'.padStart(8)}${'min'.padStart(8)}${'spawn→answer'.padStart(14)}${'cpu'.padStart(8)}  status`,
  );
  scenarios.forEach((scenario, i) => {
    const s = samples[i];
    const statuses = [...new Set(s.map((x) => x.status))].join(',');
    console.log(
      `${scenario.name.padEnd(40)}${median(s.map((x) => x.at))
        .toFixed(1)
        .padStart(8)}${Math.min(...s.map((x) => x.at))
        .toFixed(1)
        .padStart(8)}` +
        `${median(s.map((x) => x.wall))
          .toFixed(1)
          .padStart(14)}${median(s.map((x) => x.cpu))
          .toFixed(0)
          .padStart(8)}  ${statuses}`,
    );
  });
  const deployed = median(samples[2].map((x) => x.at));
  console.log(
    `target <= ${TARGET_MS} ms (sagemaker predictor, median): ${deployed <= TARGET_MS ? 'met' : 'NOT met'} at ${deployed.toFixed(1)} ms; ` +
      `reference: the older Python Lambda ~${PYTHON_LAMBDA_MS} ms`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
