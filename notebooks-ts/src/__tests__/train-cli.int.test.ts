import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCustomers, toTelcoCsv } from '@telco-churn/core/synthetic';
import { preprocess } from '../steps/preprocess';

const ROOT = join(__dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const PYTHON = '/usr/bin/python3';

function hasXgboost(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import xgboost'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'train-int-'));
  writeFileSync(join(dir, 'customers.csv'), toTelcoCsv(generateCustomers(700, 21)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const train = (out: string, jobs: string): string =>
  execFileSync(
    TSX,
    [
      'notebooks-ts/src/steps/train.ts',
      '--data',
      join(dir, 'customers.csv'),
      '--out',
      out,
      '--report',
      `${out}.html`,
      '--jobs',
      jobs,
      '--folds',
      '3',
      '--budget',
      '1',
      '--xgb-budget',
      '2',
      '--balance',
      'none,weight',
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );

describe('npm run train as a process', () => {
  beforeAll(() => {
    train(join(dir, 'one'), '1');
    train(join(dir, 'two'), '2');
  }, 240_000);

  it('gives the same model and metrics with the other models on a worker thread', () => {
    expect(readFileSync(join(dir, 'two', 'xgboost-model'))).toEqual(
      readFileSync(join(dir, 'one', 'xgboost-model')),
    );
    const one = JSON.parse(readFileSync(join(dir, 'one', 'metrics.json'), 'utf8'));
    const two = JSON.parse(readFileSync(join(dir, 'two', 'metrics.json'), 'utf8'));
    // Everything but the time taken is the same.
    const timeless = (models: Record<string, { seconds?: number }>) =>
      Object.fromEntries(Object.entries(models).map(([name, m]) => [name, { ...m, seconds: 0 }]));
    expect(timeless(two.models)).toEqual(timeless(one.models));
  });

  it('writes a model that xgboost 1.7 scores to the test AUC that metrics.json reports', () => {
    if (!hasXgboost()) {
      console.warn('skipped: /usr/bin/python3 has no xgboost (apt-get install python3-xgboost)');
      return;
    }
    // The same seed gives preprocessing the same held-out rows as training: xgboost scores them
    // from the SageMaker-format CSV, and sklearn's AUC must equal the AUC metrics.json reports.
    const { files } = preprocess({
      dataPath: join(dir, 'customers.csv'),
      seed: 42,
      validationFraction: 0.2,
      smote: false,
    });
    writeFileSync(join(dir, 'test.csv'), files['test.csv']);
    const script = `
import sys, json, numpy as np, xgboost as xgb
from sklearn.metrics import roc_auc_score
rows = np.loadtxt(sys.argv[2], delimiter=",", dtype=np.float32)
b = xgb.Booster(); b.load_model(sys.argv[1])
p = b.predict(xgb.DMatrix(rows[:, 1:]), iteration_range=(0, int(b.attr("best_ntree_limit"))))
print(json.dumps({"features": b.num_features(), "auc": roc_auc_score(rows[:, 0], p)}))`;
    const out = JSON.parse(
      execFileSync(PYTHON, ['-c', script, join(dir, 'one', 'xgboost-model'), join(dir, 'test.csv')], {
        encoding: 'utf8',
      }),
    );
    const metrics = JSON.parse(readFileSync(join(dir, 'one', 'metrics.json'), 'utf8'));
    expect(out.features).toBe(46);
    expect(out.auc).toBeCloseTo(metrics.test.auc, 4);
  });

  it('exits 1 with the line and column of a bad row, and no stack trace', () => {
    const bad = toTelcoCsv(generateCustomers(50, 2)).replace(/Two year|One year/, 'Forever');
    writeFileSync(join(dir, 'bad.csv'), bad);
    let stderr = '';
    let status = 0;
    try {
      execFileSync(
        TSX,
        ['notebooks-ts/src/steps/train.ts', '--data', join(dir, 'bad.csv'), '--out', join(dir, 'never')],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (e) {
      stderr = String((e as { stderr: Buffer }).stderr);
      status = (e as { status: number }).status;
    }
    expect(status).toBe(1);
    expect(stderr).toMatch(/^error: .*bad\.csv has 1 problem/m);
    expect(stderr).toMatch(/bad\.csv:\d+, column Contract: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
