/*
 * npm run bench:runtime — this runtime beside xgboost's own `inplace_predict` (1 thread), on the
 * same 300-tree depth-4 model and the same 1,409 rows (the size of the test split), in one run.
 * Targets: batch rows/s >= 1.0x xgboost single-thread; single-row latency >= 20x faster.
 *
 * The two sides are measured in alternating rounds (xgboost in a long-lived Python process) and
 * the best round of each is reported, so a burst of load from other programs on the machine
 * penalises neither side more than the other. Each figure is given per second of process CPU
 * time (what the work costs) and per second of wall time (what a caller waits); the targets are
 * judged on CPU time, which other programs competing for the cores distort least.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';
import { FEATURE_NAMES, createEncoder, fitScaler } from '@telco-churn/core/features';
import { generateCustomers } from '@telco-churn/core/synthetic';
import { Booster } from '@telco-churn/xgboost-runtime/booster';
import { parseModel } from '@telco-churn/xgboost-runtime/parse';
import { predictProba } from '@telco-churn/xgboost-runtime/predict';

const MODEL = path.join(__dirname, '..', 'src', '__tests__', 'fixtures', 'bench-300x4.json.gz');
const ROWS = 1409;
const ROUNDS = 5;
const SECONDS = 0.5;
const PYTHON = '/usr/bin/python3';

/** Batch rows/s and single-row µs, per CPU second and per wall second. */
interface Round {
  batchCpu: number;
  batchWall: number;
  singleCpu: number;
  singleWall: number;
}

/** Calls of `run` per CPU second and per wall second, over about SECONDS after a warm-up. */
function rate(run: () => void): { cpu: number; wall: number } {
  for (let i = 0; i < 50; i++) run();
  let calls = 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(SECONDS * 1e9));
  let now = start;
  while (now < end) {
    for (let i = 0; i < 20; i++) run();
    calls += 20;
    now = process.hrtime.bigint();
  }
  const cpu = process.cpuUsage(cpu0);
  return { cpu: calls / ((cpu.user + cpu.system) / 1e6), wall: calls / (Number(now - start) / 1e9) };
}

function ourRound(b: Booster, x: Float32Array): Round {
  const nf = b.numFeature;
  const out = new Float32Array(ROWS);
  const one = new Float32Array(1);
  const batch = rate(() => predictProba(b, x, ROWS, out));
  let r = 0;
  const single = rate(() => {
    predictProba(b, x.subarray(r * nf, (r + 1) * nf), 1, one);
    r = (r + 1) % ROWS;
  });
  return {
    batchCpu: batch.cpu * ROWS,
    batchWall: batch.wall * ROWS,
    singleCpu: 1e6 / single.cpu,
    singleWall: 1e6 / single.wall,
  };
}

// The reference: xgboost with nthread=1, inplace_predict on a float32 numpy array (no DMatrix
// build), answering one measurement per line it reads.
const PY = `
import json, sys, time
import numpy as np, xgboost as xgb
model, rows, n, f, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
b = xgb.Booster(params={'nthread': 1}); b.load_model(model); b.set_param({'nthread': 1})
x = np.fromfile(rows, dtype=np.float32).reshape(n, f)
def rate(run):
    for _ in range(5): run()
    calls, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        run(); calls += 1
    return calls / (time.process_time() - cpu), calls / (time.perf_counter() - start)
i = [0]
def single():
    b.inplace_predict(x[i[0]:i[0] + 1]); i[0] = (i[0] + 1) % n
print(json.dumps({'version': xgb.__version__, 'proba': b.inplace_predict(x).astype(np.float32).tolist()}), flush=True)
for line in sys.stdin:
    (bc, bw), (sc, sw) = rate(lambda: b.inplace_predict(x)), rate(single)
    print(json.dumps({'batchCpu': bc * n, 'batchWall': bw * n, 'singleCpu': 1e6 / sc, 'singleWall': 1e6 / sw}), flush=True)
`;

class Reference {
  private readonly lines: AsyncIterator<string>;
  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }

  static start(modelFile: string, rowsFile: string, nf: number): Reference {
    const args = ['-c', PY, modelFile, rowsFile, String(ROWS), String(nf), String(SECONDS)];
    const child = spawn(PYTHON, args, { env: { ...process.env, OMP_NUM_THREADS: '1' } });
    return new Reference(child);
  }

  async next(command?: string): Promise<Record<string, unknown>> {
    if (command) this.child.stdin.write(`${command}\n`);
    const line = await this.lines.next();
    if (line.done) throw new Error('the xgboost reference exited (is python3-xgboost installed?)');
    return JSON.parse(line.value);
  }

  stop(): void {
    this.child.stdin.end();
  }
}

const fmt = (v: number, digits = 0): string =>
  v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function printTable(lines: string[][]): void {
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  for (const l of lines) {
    console.log(l.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  }
}

const best = (rounds: Round[]): Round => ({
  batchCpu: Math.max(...rounds.map((r) => r.batchCpu)),
  batchWall: Math.max(...rounds.map((r) => r.batchWall)),
  singleCpu: Math.min(...rounds.map((r) => r.singleCpu)),
  singleWall: Math.min(...rounds.map((r) => r.singleWall)),
});

function report(ours: Round, theirs: Round | undefined, version: string): void {
  const cell = (v: number | undefined, digits: number): string => (v === undefined ? '-' : fmt(v, digits));
  const ratio = (v: number | undefined, text: (r: number) => string): string =>
    v === undefined ? '-' : text(v);
  const batch = (key: 'batchCpu' | 'batchWall') => (theirs ? ours[key] / theirs[key] : undefined);
  const single = (key: 'singleCpu' | 'singleWall') => (theirs ? theirs[key] / ours[key] : undefined);
  const verdict = (v: number | undefined, target: number): string =>
    v === undefined ? `>= ${target}x` : `>= ${target}x ${v >= target ? 'met' : 'MISSED'}`;
  printTable([
    ['', 'this runtime', theirs ? `xgboost ${version} (1 thread)` : 'xgboost', 'ratio', 'target (CPU time)'],
    [
      'batch rows/s, CPU time',
      cell(ours.batchCpu, 0),
      cell(theirs?.batchCpu, 0),
      ratio(batch('batchCpu'), (r) => `${r.toFixed(2)}x`),
      verdict(batch('batchCpu'), 1),
    ],
    [
      'batch rows/s, wall time',
      cell(ours.batchWall, 0),
      cell(theirs?.batchWall, 0),
      ratio(batch('batchWall'), (r) => `${r.toFixed(2)}x`),
      '',
    ],
    [
      'single row µs, CPU time',
      cell(ours.singleCpu, 2),
      cell(theirs?.singleCpu, 2),
      ratio(single('singleCpu'), (r) => `${r.toFixed(1)}x faster`),
      verdict(single('singleCpu'), 20),
    ],
    [
      'single row µs, wall time',
      cell(ours.singleWall, 2),
      cell(theirs?.singleWall, 2),
      ratio(single('singleWall'), (r) => `${r.toFixed(1)}x faster`),
      '',
    ],
  ]);
}

async function main(): Promise<void> {
  const modelBytes = gunzipSync(readFileSync(MODEL));
  const customers = generateCustomers(ROWS, 1409).map((row) => row.customer);
  const x = createEncoder(FEATURE_NAMES, fitScaler(customers)).encodeMany(customers);
  const b = parseModel(modelBytes, 'bench model');
  console.log(
    `model: ${b.numTrees} trees, max depth ${b.trees.maxDepth}, ${b.numFeature} features; ${ROWS} rows ` +
      `(synthetic customers, encoded); node ${process.version}; best of ${ROUNDS} alternating rounds`,
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-'));
  let python: Reference | undefined;
  try {
    let reference: { version: string; proba: number[] } | undefined;
    if (existsSync(PYTHON)) {
      writeFileSync(path.join(dir, 'model.json'), modelBytes);
      writeFileSync(path.join(dir, 'rows.f32'), x);
      python = Reference.start(path.join(dir, 'model.json'), path.join(dir, 'rows.f32'), b.numFeature);
      reference = (await python.next()) as { version: string; proba: number[] };
    }
    const ours: Round[] = [];
    const theirs: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      ours.push(ourRound(b, x));
      if (python) theirs.push((await python.next('measure')) as unknown as Round);
    }
    report(best(ours), python ? best(theirs) : undefined, reference?.version ?? '');
    if (!reference) {
      console.log(`xgboost reference skipped: ${PYTHON} not found`);
      return;
    }
    const p = predictProba(b, x, ROWS);
    const worst = reference.proba.reduce((m, q, i) => Math.max(m, Math.abs(q - p[i])), 0);
    const exact = reference.proba.filter((q, i) => q === p[i]).length;
    console.log(
      `same rows, same answers: max |p - p_xgboost| = ${worst.toExponential(2)}, ${exact}/${ROWS} bit-identical`,
    );
  } finally {
    python?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
