import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEATURE_NAMES, createEncoder, fitScaler, tenureGroup } from '@telco-churn/core/features';
import { generateCustomers, toTelcoCsv } from '@telco-churn/core/synthetic';
import { columnKinds } from '../data';
import { stratifiedFolds } from '../cv';
import { createFoldPlan, preEncodedFolds } from '../search';
import { LabelledRow } from '../data';
import { refitScalerPerFold } from '../prepare';
import { smoteNc } from '../smote';
import { runEda } from '../steps/eda';
import { preprocess, toSageMakerCsv } from '../steps/preprocess';
import { toyProblem } from './toy';

let dir: string;
let data: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'steps-'));
  data = join(dir, 'customers.csv');
  writeFileSync(data, toTelcoCsv(generateCustomers(400, 9)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('EDA states its findings in words and draws self-contained SVG charts', () => {
  const { html, findings } = runEda(data);
  expect(findings[0]).toMatch(/^400 customers, \d+\.\d% churned/);
  expect(findings.some((f) => f.startsWith('Contract:'))).toBe(true);
  expect(html).toContain('<svg');
  expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
});

it('preprocessing writes label-first CSVs without a header and resamples only the fit rows', () => {
  const { files } = preprocess({ dataPath: data, seed: 1, validationFraction: 0.2, smote: true });
  const train = files['train.csv'].trimEnd().split('\n');
  const validation = files['validation.csv'].trimEnd().split('\n');
  const test = files['test.csv'].trimEnd().split('\n');
  expect(train[0].split(',')).toHaveLength(47);
  expect(['0', '1']).toContain(train[0].split(',')[0]);
  expect(files['test-features.csv'].split('\n')[0].split(',')).toHaveLength(46);
  // SMOTE-NC balanced the fit rows; validation (64 rows) and test (80 rows) keep the real rate.
  const churn = (lines: string[]): number => lines.filter((l) => l.startsWith('1,')).length;
  expect(churn(train)).toBe(train.length - churn(train));
  expect(validation.length + test.length).toBe(144);
  expect(JSON.parse(files['model_params.json']).feature_names).toEqual([...FEATURE_NAMES]);
});

it('writes features as text that reads back to the same float32', () => {
  const x = Float32Array.from([0.1, -1.2345678, 3e-7, 123456.7]);
  const csv = toSageMakerCsv({ x, nRows: 1, nCols: 4, y: Float32Array.from([1]) });
  const back = csv
    .trim()
    .split(',')
    .slice(1)
    .map((v) => Math.fround(Number(v)));
  expect(back).toEqual(Array.from(x));
});

it('gives SMOTE-NC in cross-validation only the fold’s own training rows', () => {
  const toy = toyProblem(300, 4);
  const folds = stratifiedFolds(toy.y, 3, 1);
  const kinds = { continuous: [0, 1], groups: [[2], [3, 4, 5]] };
  const plan = createFoldPlan(toy.y, folds, preEncodedFolds(toy, kinds), 1);
  const fit = plan.fit(0, 'smote');
  const held = plan.held(0);
  const heldX0 = new Set(held.rows.map((i) => toy.x[i * 6]));
  // No held-out row is copied in, and the synthetic rows all lie on segments between fit rows.
  for (let i = 0; i < fit.nRows; i++) expect(heldX0.has(fit.x[i * 6])).toBe(false);
  expect(fit.nRows).toBeGreaterThan(300 - held.rows.length);
});

describe('the scaler inside cross-validation', () => {
  const rows: LabelledRow[] = generateCustomers(300, 21).map((c, i) => ({ line: i + 2, ...c }));
  const y = Float32Array.from(rows, (r) => (r.churn ? 1 : 0));
  const folds = stratifiedFolds(y, 3, 5);
  const planOf = (rs: LabelledRow[]) => createFoldPlan(y, folds, refitScalerPerFold(rs), 5);
  const fitRows = rows.filter((_, i) => folds[i] !== 0).map((r) => r.customer);
  const heldAt = folds.indexOf(0);
  const fitAt = folds.findIndex((f) => f !== 0);
  // The same customers with one row moved far out: scaled columns would shift if it reached the scaler.
  const shifted = (at: number): LabelledRow[] =>
    rows.map((r, i) =>
      i === at
        ? { ...r, customer: { ...r.customer, tenure: 100, monthlyCharges: 200, totalCharges: 10000 } }
        : r,
    );

  it('encodes each fold with a scaler fitted on that fold’s fit rows only', () => {
    const plan = planOf(rows);
    const encoder = createEncoder(FEATURE_NAMES, fitScaler(fitRows));
    expect(plan.fit(0, 'none').x).toEqual(encoder.encodeMany(fitRows));
    expect(plan.held(0).data.x).toEqual(encoder.encodeMany(plan.held(0).rows.map((i) => rows[i].customer)));
    // Not the scaler of all training rows, which the final model uses.
    const all = createEncoder(FEATURE_NAMES, fitScaler(rows.map((r) => r.customer)));
    expect(plan.fit(0, 'none').x).not.toEqual(all.encodeMany(fitRows));
  });

  it('never lets a fold’s held-out rows move the scaling of its fit rows or of the other held rows', () => {
    const base = planOf(rows);
    const moved = planOf(shifted(heldAt));
    expect(moved.fit(0, 'none').x).toEqual(base.fit(0, 'none').x);
    expect(moved.fit(0, 'smote').x).toEqual(base.fit(0, 'smote').x);
    const others = (x: Float32Array): Float32Array => x.slice(46);
    expect(moved.held(0).rows[0]).toBe(heldAt);
    expect(others(moved.held(0).data.x)).toEqual(others(base.held(0).data.x));
    // The same shift in a fit row does move the fold's scaling: the comparison can fail.
    expect(planOf(shifted(fitAt)).held(0).data.x).not.toEqual(base.held(0).data.x);
  });
});

it('treats the scaled columns as continuous and each one-hot group as one categorical value', () => {
  const kinds = columnKinds(FEATURE_NAMES);
  expect(kinds.continuous.map((j) => FEATURE_NAMES[j])).toEqual([
    'tenure',
    'MonthlyCharges',
    'TotalCharges',
    'AvgMonthlySpend',
    'TotalServices',
  ]);
  const contract = kinds.groups.find((g) => FEATURE_NAMES[g[0]].startsWith('Contract_'))!;
  expect(contract.map((j) => FEATURE_NAMES[j])).toEqual([
    'Contract_Month_to_month',
    'Contract_One_year',
    'Contract_Two_year',
  ]);
  expect(kinds.groups.find((g) => FEATURE_NAMES[g[0]] === 'gender')).toHaveLength(1);
  expect(kinds.continuous.length + kinds.groups.flat().length).toBe(46);
});

it('repairs SMOTE-NC rows: whole-month tenure, its tenure group, the add-on count and the average spend agree', () => {
  const customers = generateCustomers(600, 13);
  const scaler = fitScaler(customers.map((c) => c.customer));
  const encoder = createEncoder(FEATURE_NAMES, scaler);
  const data = {
    x: encoder.encodeMany(customers.map((c) => c.customer)),
    nRows: customers.length,
    nCols: FEATURE_NAMES.length,
    y: Float32Array.from(customers, (c) => (c.churn ? 1 : 0)),
  };
  const { data: out } = smoteNc(data, columnKinds(FEATURE_NAMES, scaler), { seed: 3 });
  const col = (name: string): number => FEATURE_NAMES.indexOf(name as (typeof FEATURE_NAMES)[number]);
  const unscale = (name: string, v: number): number => {
    const k = scaler.features.indexOf(name);
    return v * scaler.stds[k] + scaler.means[k];
  };
  expect(out.nRows).toBeGreaterThan(data.nRows);
  for (let i = data.nRows; i < out.nRows; i++) {
    const row = out.x.subarray(i * 46, (i + 1) * 46);
    const months = unscale('tenure', row[col('tenure')]);
    expect(Math.abs(months - Math.round(months))).toBeLessThan(1e-3);
    expect(row[col(`TenureGroup_${tenureGroup(Math.round(months))}`)]).toBe(1);
    const yes = FEATURE_NAMES.filter((n) =>
      /^(OnlineSecurity|OnlineBackup|DeviceProtection|TechSupport|StreamingTV|StreamingMovies)_Yes$/.test(n),
    );
    const count = yes.reduce((n, name) => n + row[col(name)], 0);
    expect(unscale('TotalServices', row[col('TotalServices')])).toBeCloseTo(count, 3);
    const total = unscale('TotalCharges', row[col('TotalCharges')]);
    expect(unscale('AvgMonthlySpend', row[col('AvgMonthlySpend')])).toBeCloseTo(
      total / (Math.round(months) + 1),
      2,
    );
  }
});
