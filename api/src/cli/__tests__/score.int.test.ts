import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expected, fixtureBytes } from '@telco-churn/xgboost-runtime/__tests__/fixtures';

const ROOT = path.resolve(__dirname, '../../../..');
const PYTHON = '/usr/bin/python3';
const hasXgboost = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import xgboost']).status === 0;
if (!hasXgboost)
  console.warn('score CLI reference test skipped: /usr/bin/python3 with xgboost is not installed');
const withXgboost = hasXgboost ? it : it.skip;

// What the SageMaker XGBoost 1.7-1 container does with a text/csv body: empty fields are NaN,
// every line one row, the booster predicts, and each float32 probability is written as
// Python's repr of the value widened to a float, one per line.
const CONTAINER = `
import sys, numpy as np, xgboost as xgb
b = xgb.Booster(); b.load_model(sys.argv[1])
text = sys.stdin.read()
rows = [["nan" if v == "" else v for v in line.split(",")] for line in text.rstrip("\\n").split("\\n")]
p = b.predict(xgb.DMatrix(np.array(rows).astype(None)))
sys.stdout.write("".join(repr(float(v)) + "\\n" for v in p))
`;

describe('npm run score (spawned) beside xgboost', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'score-int-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  withXgboost('prints byte for byte what xgboost and the container print, for a legacy binary model', () => {
    const e = expected('missing');
    const model = path.join(dir, 'xgboost-model');
    writeFileSync(model, fixtureBytes('missing', 'bin'));
    const csv = e.x.map((row) => row.map((v) => (v === null ? '' : String(v))).join(',')).join('\n') + '\n';
    const ours = spawnSync('npm', ['run', '-s', 'score', '--', '--model', model, '--features', '-'], {
      cwd: ROOT,
      input: csv,
      encoding: 'utf8',
    });
    expect(ours.status).toBe(0);
    const reference = spawnSync(PYTHON, ['-c', CONTAINER, model], { input: csv, encoding: 'utf8' });
    expect(reference.status).toBe(0);
    expect(ours.stdout).toBe(reference.stdout);
  });
});
