/*
 * npm run bench:score [-- --rows N] [--workers "2,0"] [--reference <checkout>] [--keep]
 *
 * `npm run score -- --model-dir api/model-artifact --customers <file>` on N generated customers (the
 * seeded synthetic generator, 1,000,000 by default, written to a temp file and deleted after).
 * For each worker count it prints wall time, rows/s, CPU seconds and peak RSS of the scoring
 * process (VmHWM, polled from /proc). CPU seconds say more than wall time on a busy machine:
 * rows per CPU-second is what the code costs, wall rows/s what the machine gave it.
 *
 * The reference is the in-memory scorer before streaming (issue 14): `--reference <dir>` runs
 * that checkout's CLI on the same file and checks the outputs are byte-identical; without it the
 * figures measured on it are quoted.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCustomers, toTelcoCsv } from '@telco-churn/core/synthetic';

const ROOT = path.resolve(__dirname, '..', '..');
const MODEL_DIR = path.join(ROOT, 'api', 'model-artifact');
// Measured on the in-memory scorer (commit 4ddd3c9), 1,000,000 rows: quiet machine (issue 14),
// and on this shared machine under load average ~15 (`/usr/bin/time -v`, 2026-12-06).
const BASELINE = { quiet: { seconds: 51, rssMb: 1260 }, loaded: { seconds: 95, rssMb: 1260 } };

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    workers: { type: 'string', default: `${availableParallelism()},0` },
    reference: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const ROWS = Number(values.rows);

interface Run {
  label: string;
  seconds: number;
  cpuSeconds: number;
  rssMb: number;
  code: number | null;
  sha256: string;
}

/** Generates the customers in slices of 100,000 so the generator's memory stays small too. */
function writeCustomers(file: string, n: number): void {
  const slice = 100_000;
  for (let from = 0; from < n; from += slice) {
    const text = toTelcoCsv(generateCustomers(Math.min(slice, n - from), 14_000 + from));
    if (from === 0) writeFileSync(file, text);
    else appendFileSync(file, text.slice(text.indexOf('\n') + 1));
  }
}

function procStatus(pid: number): { rssKb: number; cpuTicks: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return {
      rssKb: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0),
      // utime + stime of all threads (fields 14 and 15 of /proc/pid/stat).
      cpuTicks: Number(stat[11]) + Number(stat[12]),
    };
  } catch {
    return undefined;
  }
}

function scoreOnce(label: string, cwd: string, args: string[], out: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const hash = createHash('sha256');
    const sink: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      if (out) appendFileSync(out, chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => sink.push(chunk.toString()));
    let last = { rssKb: 0, cpuTicks: 0 };
    const poll = setInterval(() => {
      // A process that has exited but not been reaped reads as 0: keep the highest seen.
      const now = procStatus(child.pid!);
      if (now)
        last = { rssKb: Math.max(last.rssKb, now.rssKb), cpuTicks: Math.max(last.cpuTicks, now.cpuTicks) };
    }, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) process.stderr.write(sink.join('').slice(-2000));
      resolve({
        label,
        seconds,
        cpuSeconds: last.cpuTicks / 100,
        rssMb: last.rssKb / 1024,
        code,
        sha256: hash.digest('hex'),
      });
    });
  });
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

function print(run: Run): void {
  console.log(
    `${run.label.padEnd(34)} ${fmt(run.seconds, 1).padStart(7)} s  ${fmt(ROWS / run.seconds).padStart(8)} rows/s` +
      `  CPU ${fmt(run.cpuSeconds, 1).padStart(6)} s (${fmt(ROWS / Math.max(run.cpuSeconds, 0.01)).padStart(7)} rows/CPU-s)` +
      `  peak RSS ${fmt(run.rssMb).padStart(5)} MB  exit ${run.code}`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-score-'));
  try {
    const file = path.join(dir, 'customers.csv');
    const t0 = Date.now();
    writeCustomers(file, ROWS);
    console.log(
      `${fmt(ROWS)} generated customers (${fmt((await size(file)) / 1048576, 1)} MB) in ${fmt((Date.now() - t0) / 1000, 1)} s`,
    );
    console.log(
      `load average at start: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (${availableParallelism()} CPUs)`,
    );
    const runs: Run[] = [];
    for (const workers of values.workers.split(',').map(Number)) {
      // The npm script's command: a small young generation per isolate keeps RSS flat.
      const args = ['--max-semi-space-size=4', '--import', 'tsx', 'api/src/cli/score.ts'];
      const run = await scoreOnce(
        `streaming, ${workers} worker${workers === 1 ? '' : 's'}`,
        ROOT,
        [...args, '--model-dir', MODEL_DIR, '--customers', file, '--workers', String(workers)],
        '',
      );
      print(run);
      runs.push(run);
    }
    if (values.reference) {
      const ref = await scoreOnce(
        'in-memory reference',
        values.reference,
        ['--import', 'tsx', 'api/src/cli/score.ts', '--model-dir', MODEL_DIR, '--customers', file],
        '',
      );
      print(ref);
      const same = runs.every((r) => r.sha256 === ref.sha256);
      console.log(`output byte-identical to the reference: ${same ? 'yes' : 'NO'}`);
      const best = Math.min(...runs.map((r) => r.seconds));
      console.log(`speed-up over the reference on this machine now: ${fmt(ref.seconds / best, 2)}x`);
    } else {
      const best = Math.min(...runs.map((r) => r.seconds));
      const perMillion = (best / ROWS) * 1e6;
      console.log(
        `reference (in-memory scorer, 1 M rows, quoted): ${BASELINE.quiet.seconds} s on a quiet machine, ` +
          `${BASELINE.loaded.seconds} s under load ~15; peak RSS ${fmt(BASELINE.quiet.rssMb)} MB. ` +
          `Here: ${fmt(perMillion, 1)} s per million rows.`,
      );
    }
    console.log(
      `load average at end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

async function size(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file)) n += (chunk as Buffer).length;
  return n;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
