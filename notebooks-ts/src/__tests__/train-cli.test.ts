import type { MetricsJson } from '@telco-churn/core/contracts';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCustomers, toTelcoCsv } from '@telco-churn/core/synthetic';
import { parseModelParams } from '@telco-churn/core/model-params';
import { loadArtifact } from '@telco-churn/core/artifact';
import { FEATURE_NAMES } from '@telco-churn/core/features';
import { FIELD_NAMES } from '@telco-churn/core/fields';
import { parseTrainArgs, trainCli } from '../steps/train';

/** Fast settings: 3 folds, one setting per model, small forests and few boosting rounds. */
const FAST = [
  '--jobs',
  '1',
  '--folds',
  '3',
  '--budget',
  '1',
  '--xgb-budget',
  '1',
  '--balance',
  'none',
  '--quiet',
];
const OVERRIDES = {
  xgboost: { num_round: 40, eta: 0.2, early_stopping_rounds: 10 },
  random_forest: { nTrees: 15 },
  svm: { epochs: 10 },
  logistic_regression: { maxIter: 100 },
  knn: { k: 15 },
};

let dir: string;
let data: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'train-cli-'));
  data = join(dir, 'customers.csv');
  writeFileSync(data, toTelcoCsv(generateCustomers(500, 3)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (out: string, extra: string[] = []) =>
  trainCli(
    ['--data', data, '--out', out, '--report', join(dir, `${out.split('/').pop()}.html`), ...FAST, ...extra],
    OVERRIDES,
  );

describe('npm run train on a generated file', () => {
  let out: string;
  let metrics: MetricsJson;
  beforeAll(async () => {
    out = join(dir, 'model');
    metrics = (await run(out)).metrics;
  });

  it('writes the model, its params, its metrics, its reference profile, model.tar.gz and a README', () => {
    expect(readdirSync(out).sort()).toEqual([
      'README.md',
      'metrics.json',
      'model.tar.gz',
      'model_params.json',
      'reference_profile.json',
      'xgboost-model',
    ]);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
    // Readable by servers and image builds, not left private like a temp dir.
    expect(statSync(out).mode & 0o777).toBe(0o755 & ~process.umask());
  });

  it('writes model_params.json that the API reads, with the older keys and the CV threshold', async () => {
    const params = parseModelParams(JSON.parse(readFileSync(join(out, 'model_params.json'), 'utf8')));
    expect(params.featureNames).toEqual([...FEATURE_NAMES]);
    expect(params.scaler.features).toEqual([
      'tenure',
      'MonthlyCharges',
      'TotalCharges',
      'AvgMonthlySpend',
      'TotalServices',
    ]);
    expect(params.threshold).toBe(metrics.threshold);
    expect(params.dataHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const artifact = await loadArtifact(out);
    expect(artifact.booster.numFeature).toBe(46);
    expect(artifact.params.modelVersion).toBe(metrics.model_version);
  });

  it('reports test and CV metrics for all five models in the contract shape', () => {
    const test: Record<string, unknown> = { ...metrics.test };
    for (const key of [
      'accuracy',
      'precision',
      'recall',
      'f1',
      'specificity',
      'mcc',
      'auc',
      'pr_auc',
      'brier',
    ]) {
      expect(typeof test[key]).toBe('number');
    }
    expect((test.roc_curve as unknown[]).length).toBeLessThanOrEqual(200);
    expect(Object.keys(metrics.models as object).sort()).toEqual([
      'knn',
      'logistic_regression',
      'random_forest',
      'svm',
      'xgboost',
    ]);
    expect((metrics.data as { test_rows: number }).test_rows).toBe(100);
    expect((metrics.cv as { folds: number }).folds).toBe(3);
    expect(metrics.feature_importance).toHaveLength(46);
    // The synthetic churn depends on the contract and tenure: the model must have found signal.
    expect(test.auc as number).toBeGreaterThan(0.7);
  });

  it('reports permutation importance for every model, by the 19 request fields, largest drop first', () => {
    const models = metrics.models as Record<
      string,
      { permutation_importance: { field: string; auc_drop: number }[] }
    >;
    for (const [name, m] of Object.entries(models)) {
      const drops = m.permutation_importance;
      expect([name, drops.map((d) => d.field).sort()]).toEqual([name, [...FIELD_NAMES].sort()]);
      expect(drops.map((d) => d.auc_drop)).toEqual([...drops.map((d) => d.auc_drop)].sort((a, b) => b - a));
    }
    // Synthetic churn is driven by tenure, contract and services, never by gender or partner: every
    // model loses AUC first on a field the churn depends on, and tenure is in its upper half.
    for (const m of Object.values(models)) {
      const [top] = m.permutation_importance;
      expect(top.auc_drop).toBeGreaterThan(0);
      expect(['gender', 'partner']).not.toContain(top.field);
      expect(m.permutation_importance.findIndex((d) => d.field === 'tenure')).toBeLessThan(9);
    }
    expect(metrics.permutation_importance_method).toMatch(/held-out rows/);
  });

  it('gives the same model file for the same data and seed', async () => {
    const again = join(dir, 'again');
    await run(again);
    expect(readFileSync(join(again, 'xgboost-model'))).toEqual(readFileSync(join(out, 'xgboost-model')));
  });

  it('replaces an existing artifact whole and keeps files it does not own', async () => {
    const target = join(dir, 'existing');
    await run(target);
    writeFileSync(join(target, 'NOTES.txt'), 'kept');
    await run(target, ['--seed', '7']);
    expect(readFileSync(join(target, 'NOTES.txt'), 'utf8')).toBe('kept');
    expect(JSON.parse(readFileSync(join(target, 'metrics.json'), 'utf8')).data.split).toMatch(/seed 7/);
  });
});

describe('bad input stops training before anything is written', () => {
  const lines = (): string[] => toTelcoCsv(generateCustomers(200, 5)).trimEnd().split('\n');
  const attempt = async (csv: string, extra: string[] = []): Promise<{ error: Error; out: string }> => {
    const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, csv);
    const out = join(dir, `never-${Math.random().toString(36).slice(2)}`);
    let error: Error | undefined;
    try {
      await trainCli(['--data', file, '--out', out, ...FAST, ...extra], OVERRIDES);
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeDefined();
    expect(existsSync(out)).toBe(false);
    return { error: error!, out };
  };

  it('names a missing column', async () => {
    const rows = lines().map((l) =>
      l
        .split(',')
        .filter((_, i) => i !== 15)
        .join(','),
    );
    expect((await attempt(rows.join('\n'))).error.message).toMatch(/Contract/);
  });

  it('names the line and column of an unknown category', async () => {
    const rows = lines();
    rows[4] = rows[4].replace(/Month-to-month|One year|Two year/, 'Weekly');
    const { error } = await attempt(rows.join('\n'));
    expect(error.message).toMatch(/:5, column Contract: .*Weekly|:5, column Contract: .*contract/);
  });

  it('names the line and column of a non-numeric charge', async () => {
    const rows = lines();
    const cells = rows[7].split(',');
    cells[18] = 'abc';
    rows[7] = cells.join(',');
    expect((await attempt(rows.join('\n'))).error.message).toMatch(/:8, column MonthlyCharges: .*"abc"/);
  });

  it('names the line of a test id that is not in the data file', async () => {
    const csv = lines();
    const ids = join(dir, 'ids.txt');
    writeFileSync(ids, `${csv[1].split(',')[0]}\nNOPE-0000\n`);
    expect((await attempt(csv.join('\n'), ['--test-ids', ids])).error.message).toMatch(
      /ids\.txt:2, column 1: unknown customer "NOPE-0000"/,
    );
  });

  it('refuses an unknown option value with its name', async () => {
    expect((await attempt(lines().join('\n'), ['--balance', 'oversample'])).error.message).toMatch(
      /--balance/,
    );
  });
});

describe('train options', () => {
  it('chooses the threshold by cost when --cost-fn and --cost-fp are given', () => {
    const { options } = parseTrainArgs(['--out', join(dir, 'x'), '--cost-fn', '5', '--cost-fp', '1']);
    expect(options.thresholdRule).toEqual({ kind: 'cost', costFn: 5, costFp: 1 });
  });

  it('names an option whose value is not a number', () => {
    expect(() => parseTrainArgs(['--out', join(dir, 'x'), '--cost-fn', 'lots'])).toThrow(
      /--cost-fn must be a valid number, got "lots"/,
    );
    expect(() => parseTrainArgs(['--out', join(dir, 'x'), '--folds', '1'])).toThrow(/--folds/);
  });

  it('requires --out and refuses a model list without xgboost', () => {
    expect(() => parseTrainArgs([])).toThrow(/--out <dir> is required/);
    expect(() => parseTrainArgs(['--out', join(dir, 'x'), '--models', 'knn,svm'])).toThrow(
      /must include xgboost/,
    );
  });
});
