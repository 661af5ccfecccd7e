/**
 * `npm run bench:retention`: retention and campaign speed beside the plain scoring path, in one
 * process (local predictor, the shipped model, the shipped catalogue: 8 offers + 26 pairs).
 *   /retention server time per customer (target ≤ 2 ms) beside /predict's;
 *   /campaign with 10,000 customers (target ≤ 2 s) beside /predict/batch on the same customers;
 *   the campaign CLI in customers/s (target ≥ 10,000) beside `npm run score --customers`.
 * Wall times move with the machine's load; CPU times (process.cpuUsage) are printed beside them.
 * Options: --requests <n> (default 300), --cli-rows <n> (default 50,000).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startTestApp } from '../src/__tests__/fixtures';
import { main as campaignMain } from '../src/cli/campaign-main';
import { main as scoreMain } from '../src/cli/score-main';
import { DEFAULT_MODEL_DIR } from '../src/config';
import { DEFAULT_CATALOGUE } from '@telco-churn/core/retention/catalogue';
import { createRetentionEngine } from '@telco-churn/core/retention/engine';
import { generateCustomers, toTelcoCsv } from '@telco-churn/core/synthetic';
import { predictProba } from '@telco-churn/xgboost-runtime';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** Wall and CPU milliseconds of `work`. */
async function timed<T>(work: () => Promise<T> | T): Promise<{ wallMs: number; cpuMs: number; value: T }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, value };
}

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const f = (n: number, digits = 2): string => n.toFixed(digits);
const sink = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
const rows: string[][] = [];
const report = (what: string, figure: string, target: string, reference: string): void => {
  rows.push([what, figure, target, reference]);
  console.log(`${what}: ${figure} (target ${target}; ${reference})`);
};

async function main(): Promise<void> {
  const requests = arg('requests', 300);
  const cliRows = arg('cli-rows', 50_000);
  const api = await startTestApp();
  const { artifact } = api;
  const ten = generateCustomers(10_000, 2024).map((r) => r.customer);
  const engine = createRetentionEngine(DEFAULT_CATALOGUE, artifact.encoder);
  const score = (x: Float32Array, n: number) => predictProba(artifact.booster, x, n);

  const stage = (name: string): void => void process.stderr.write(`… ${name}\n`);
  stage('warm-up');
  // Warm-up: compile the trees, let V8 optimise the hot paths.
  await engine.best(ten.slice(0, 2_000), score);
  for (const c of ten.slice(0, 50)) await api.post('/retention', { customer: c });

  const serverMs = (route: string, since: number): number[] =>
    api.logs
      .slice(since)
      .filter((l) => l.route === route && l.status === 200)
      .map((l) => Number(l.latency_ms));

  stage('/predict and /retention');
  const sample = ten.slice(100, 100 + requests);
  let since = api.logs.length;
  const predictRun = await timed(async () => {
    for (const c of sample) await api.post('/predict', c);
  });
  const predictMs = serverMs('/predict', since);
  since = api.logs.length;
  const retentionRun = await timed(async () => {
    for (const c of sample) await api.post('/retention', { customer: c });
  });
  const retentionMs = serverMs('/retention', since);
  report(
    `/retention server time, ${requests} customers one by one`,
    `median ${f(quantile(retentionMs, 0.5))} ms, p95 ${f(quantile(retentionMs, 0.95))} ms; ${f(retentionRun.cpuMs / requests)} ms CPU a request (client included)`,
    '≤ 2 ms',
    `/predict median ${f(quantile(predictMs, 0.5))} ms, p95 ${f(quantile(predictMs, 0.95))} ms; ${f(predictRun.cpuMs / requests)} ms CPU`,
  );

  stage('/campaign');
  const campaignWall: number[] = [];
  const campaignServer: number[] = [];
  const campaignCpu: number[] = [];
  for (let round = 0; round < 3; round++) {
    since = api.logs.length;
    const run = await timed(() => api.post('/campaign', { customers: ten, budget: 20_000, seed: round }));
    if (run.value.status !== 200) throw new Error(`/campaign answered ${run.value.status}`);
    campaignWall.push(run.wallMs);
    campaignCpu.push(run.cpuMs);
    campaignServer.push(...serverMs('/campaign', since));
  }
  since = api.logs.length;
  const batchRun = await timed(async () => {
    for (let start = 0; start < ten.length; start += 1_000) {
      await api.post('/predict/batch', { customers: ten.slice(start, start + 1_000) });
    }
  });
  const batchMs = serverMs('/predict/batch', since).reduce((a, b) => a + b, 0);
  report(
    '/campaign, 10,000 customers (best of 3)',
    `${f(Math.min(...campaignServer), 0)} ms server, ${f(Math.min(...campaignWall), 0)} ms at the client, ${f(Math.min(...campaignCpu), 0)} ms CPU`,
    '≤ 2,000 ms',
    `/predict/batch 10 × 1,000 of the same customers (with explanations): ${f(batchMs, 0)} ms server, ${f(batchRun.cpuMs, 0)} ms CPU`,
  );
  await api.close();

  stage('core');
  const plain = await timed(() =>
    predictProba(artifact.booster, artifact.encoder.encodeMany(ten), ten.length),
  );
  const core = await timed(() => engine.best(ten, score));
  report(
    'core: best offer of 10,000 customers',
    `${f(core.wallMs, 0)} ms wall, ${f(core.cpuMs, 0)} ms CPU (${f(ten.length / (core.cpuMs / 1000), 0)} customers/s of CPU)`,
    '-',
    `plain scoring of the same customers ${f(plain.wallMs, 0)} ms wall, ${f(plain.cpuMs, 0)} ms CPU`,
  );

  const dir = mkdtempSync(path.join(tmpdir(), 'bench-retention-'));
  try {
    const file = path.join(dir, 'customers.csv');
    writeFileSync(file, toTelcoCsv(generateCustomers(cliRows, 7)));
    stage('CLI');
    const io = () => ({
      stdin: process.stdin,
      stdout: sink(),
      stderr: Object.assign(sink(), { isTTY: false }),
    });
    const cli = await timed(() =>
      campaignMain(['--customers', file, '--budget', '50000', '--seed', '1'], io()),
    );
    if (cli.value !== 0) throw new Error(`npm run campaign exited with ${cli.value}`);
    const scored = await timed(() =>
      scoreMain(['--model-dir', DEFAULT_MODEL_DIR, '--customers', file, '--top', '0'], io()),
    );
    report(
      `npm run campaign, ${cliRows.toLocaleString('en')} customers (in process, both passes)`,
      `${f(cliRows / (cli.wallMs / 1000), 0)} customers/s wall, ${f(cliRows / (cli.cpuMs / 1000), 0)} customers/s of CPU`,
      '≥ 10,000 customers/s',
      `npm run score --top 0 on the same file: ${f(cliRows / (scored.wallMs / 1000), 0)} customers/s wall, ${f(cliRows / (scored.cpuMs / 1000), 0)} of CPU`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  console.log('\n| what | figure | target | beside |\n| --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
