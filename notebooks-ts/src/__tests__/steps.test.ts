import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEATURE_NAMES, createEncoder, fitScaler, tenureGroup } from '../../../api/src/core/features';
import { generateCustomers, toTelcoCsv } from '../../../api/src/core/synthetic';
import { columnKinds } from '../data';
import { stratifiedFolds } from '../cv';
import { createFoldPlan } from '../search';
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
  const plan = createFoldPlan(toy, folds, { continuous: [0, 1], groups: [[2], [3, 4, 5]] }, 1);
  const fit = plan.fit(0, 'smote');
  const held = plan.held(0);
  const heldX0 = new Set(held.rows.map((i) => toy.x[i * 6]));
  // No held-out row is copied in, and the synthetic rows all lie on segments between fit rows.
  for (let i = 0; i < fit.nRows; i++) expect(heldX0.has(fit.x[i * 6])).toBe(false);
  expect(fit.nRows).toBeGreaterThan(300 - held.rows.length);
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
