/*
 * npm run bench:csv — parsing Telco-format CSV into validated customers, beside pandas'
 * `read_csv` on the same text (parse + TotalCharges to number + SeniorCitizen mapping, no
 * validation: pandas does less work). Best of several rounds each, so a burst of load from
 * other programs penalises neither side more. Data: 100,000 generated rows, and the real file
 * when ../shared/data has it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCustomers, toTelcoCsv } from '@telco-churn/core/synthetic';
import { parseTelcoCsv } from '@telco-churn/core/telco-csv';

const ROUNDS = 5;
const PYTHON = '/usr/bin/python3';
const REAL = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'data', 'telco-customer-churn.csv');

function bestMs(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

const PANDAS = `
import sys, time, pandas as pd
best = float('inf')
for _ in range(${ROUNDS}):
    t = time.perf_counter()
    d = pd.read_csv(sys.argv[1])
    d['TotalCharges'] = pd.to_numeric(d['TotalCharges'], errors='coerce').fillna(d['MonthlyCharges'])
    d['SeniorCitizen'] = d['SeniorCitizen'].map({0: 'No', 1: 'Yes'})
    best = min(best, time.perf_counter() - t)
print(best * 1000)
`;

function pandasMs(file: string): number | undefined {
  if (!existsSync(PYTHON)) return undefined;
  const out = spawnSync(PYTHON, ['-c', PANDAS, file], { encoding: 'utf8' });
  return out.status === 0 ? Number(out.stdout.trim()) : undefined;
}

function bench(label: string, text: string, dir: string): void {
  const parsed = parseTelcoCsv(text, { requireLabel: true });
  const rows = parsed.rows.length;
  const ours = bestMs(() => parseTelcoCsv(text, { requireLabel: true }));
  const file = path.join(dir, 'data.csv');
  writeFileSync(file, text);
  const theirs = pandasMs(file);
  const rate = (ms: number): string => `${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s`;
  console.log(`${label}: ${rows.toLocaleString('en')} rows, ${parsed.errors.length} errors`);
  console.log(`  parseTelcoCsv (validated)   ${ours.toFixed(1).padStart(8)} ms   ${rate(ours)}`);
  if (theirs === undefined)
    console.log('  pandas read_csv             skipped: /usr/bin/python3 with pandas not found');
  else
    console.log(
      `  pandas read_csv (no checks) ${theirs.toFixed(1).padStart(8)} ms   ${rate(theirs)}   ratio ${(theirs / ours).toFixed(2)}x`,
    );
}

const dir = mkdtempSync(path.join(tmpdir(), 'bench-csv-'));
try {
  const started = process.hrtime.bigint();
  const synthetic = generateCustomers(100_000, 1);
  const generated = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`generateCustomers(100,000): ${generated.toFixed(0)} ms`);
  bench('synthetic', toTelcoCsv(synthetic), dir);
  if (existsSync(REAL)) bench('real file', readFileSync(REAL, 'utf8'), dir);
  else console.log('real file: skipped (../shared/data/telco-customer-churn.csv is absent)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
