/**
 * `npm run bench:monitor`: the monitoring job over 1,000,000 logged predictions (10 day files,
 * ~600 MB of JSON lines) and 200,000 outcomes, as a separate process, as an operator runs it.
 * Prints wall time, CPU time and peak RSS beside the targets (15 s, bounded memory: the peak must
 * not grow with the log, so a 100,000-prediction run is measured too).
 * Options: --rows <n> (default 1,000,000), --keep (leave the generated log in place).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_MODEL_DIR } from '../src/config';
import { createBinner } from '@telco-churn/core/monitoring/binning';
import type { OutcomeRecord, PredictionRecord } from '@telco-churn/core/monitoring/records';
import { generateCustomers } from '@telco-churn/core/synthetic';
import { loadArtifact } from '@telco-churn/core/artifact';
import { predictProba } from '@telco-churn/xgboost-runtime';
import { createIdGenerator } from '../src/prediction-log/prediction-id';

const ROOT = path.resolve(__dirname, '..', '..');
const TARGET_SECONDS = 15;
const DAYS = 10;

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** A log of `rows` predictions of 5,000 distinct synthetic customers, scored by the shipped model. */
async function writeLog(dir: string, rows: number): Promise<void> {
  const artifact = await loadArtifact(DEFAULT_MODEL_DIR);
  const bin = createBinner(artifact.reference);
  const people = generateCustomers(5000, 99);
  const x = artifact.encoder.encodeMany(people.map((p) => p.customer));
  const p = predictProba(artifact.booster, x, people.length);
  const threshold = artifact.params.threshold;
  const start = Date.parse('2026-11-01T00:00:00.000Z');
  const step = (DAYS * 86_400_000) / rows;
  let clock = start;
  const nextId = createIdGenerator(() => Math.floor(clock));
  mkdirSync(path.join(dir, 'predictions'), { recursive: true });
  mkdirSync(path.join(dir, 'outcomes'), { recursive: true });
  let day = '';
  let fd = -1;
  let chunk = '';
  const outcomes: OutcomeRecord[] = [];
  for (let i = 0; i < rows; i++, clock += step) {
    const time = new Date(Math.floor(clock)).toISOString();
    if (time.slice(0, 10) !== day) {
      if (fd >= 0) {
        writeSync(fd, chunk);
        closeSync(fd);
      }
      chunk = '';
      day = time.slice(0, 10);
      fd = openSync(path.join(dir, 'predictions', `${day}.jsonl`), 'w');
    }
    const who = i % people.length;
    const record: PredictionRecord = {
      prediction_id: nextId(),
      time,
      source: '/predict',
      model_version: artifact.params.modelVersion,
      probability: Math.round(p[who] * 1e6) / 1e6,
      decision: p[who] >= threshold,
      threshold,
      fields: bin(people[who].customer),
    };
    chunk += `${JSON.stringify(record)}\n`;
    if (chunk.length > 1 << 22) {
      writeSync(fd, chunk);
      chunk = '';
    }
    if (i % 5 === 0)
      outcomes.push({
        prediction_id: record.prediction_id,
        churned: people[who].churn,
        observed_at: time,
        received_at: time,
      });
  }
  writeSync(fd, chunk);
  closeSync(fd);
  const out = openSync(path.join(dir, 'outcomes', '2026-11-30.jsonl'), 'w');
  writeSync(out, outcomes.map((o) => JSON.stringify(o)).join('\n') + '\n');
  closeSync(out);
}

/** The monitor CLI as its own process; GNU time reports its peak RSS and CPU seconds. */
function runMonitor(dir: string): { wall: number; cpu: number; rssMb: number } {
  const started = performance.now();
  const run = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      'TIME %M %U %S',
      process.execPath,
      '--import',
      'tsx',
      'api/src/cli/monitor.ts',
      '--predictions',
      path.join(dir, 'predictions'),
      '--outcomes',
      path.join(dir, 'outcomes'),
      '--out',
      path.join(dir, 'report'),
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const wall = (performance.now() - started) / 1000;
  // 0: no alert, 3: alerts (the synthetic customers are not the training population).
  if (run.status !== 0 && run.status !== 3)
    throw new Error(`the monitor failed (${run.status}): ${run.stderr}`);
  const [rss, user, sys] = run.stderr
    .slice(run.stderr.lastIndexOf('TIME') + 5)
    .trim()
    .split(/\s+/)
    .map(Number);
  return { wall, cpu: user + sys, rssMb: rss / 1024 };
}

async function main(): Promise<void> {
  const rows = arg('rows', 1_000_000);
  const results: string[] = [];
  for (const n of [Math.round(rows / 10), rows]) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-monitor-'));
    try {
      const t0 = performance.now();
      await writeLog(dir, n);
      const written = (performance.now() - t0) / 1000;
      const size = Number(
        execFileSync('du', ['-sm', path.join(dir, 'predictions')], { encoding: 'utf8' }).split('\t')[0],
      );
      const { wall, cpu, rssMb } = runMonitor(dir);
      const report = JSON.parse(readFileSync(path.join(dir, 'report', 'monitor.json'), 'utf8'));
      results.push(
        `${n.toLocaleString('en')} predictions (${size} MB, ${report.realised.matched.toLocaleString('en')} matched): ` +
          `${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU, peak RSS ${rssMb.toFixed(0)} MB (log written in ${written.toFixed(0)} s)`,
      );
      console.log(results[results.length - 1]);
      if (n === rows)
        console.log(
          `target: ${rows.toLocaleString('en')} predictions in <= ${TARGET_SECONDS} s: ${wall <= TARGET_SECONDS ? 'met' : 'NOT met'} on wall time (${cpu <= TARGET_SECONDS ? 'met' : 'not met'} on CPU time; load average now ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ')[0]})`,
        );
    } finally {
      if (process.argv.includes('--keep')) console.log(`kept ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
