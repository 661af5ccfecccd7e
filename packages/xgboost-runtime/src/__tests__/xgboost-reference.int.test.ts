import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { explain, parseModel, predictMargin, predictProba } from '..';

const PYTHON = '/usr/bin/python3';
const hasXgboost = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import xgboost']).status === 0;
if (!hasXgboost)
  console.warn('xgboost reference test skipped: /usr/bin/python3 with xgboost is not installed');
const withXgboost = hasXgboost ? it : it.skip;

// Trains models with parameters drawn at random (tree method, depth, forest size, dart, base
// score, missing values) on random data, and reports what xgboost predicts for fresh rows.
const SCRIPT = `
import base64, json, os, sys, tempfile
import numpy as np, xgboost as xgb
rng = np.random.default_rng(int(sys.argv[1]))
out = []
for case in range(int(sys.argv[2])):
    n, f = int(rng.integers(100, 400)), int(rng.integers(2, 12))
    x = np.round(rng.normal(size=(n + 60, f)), int(rng.integers(0, 3))).astype(np.float32)
    x[rng.random(x.shape) < rng.choice([0, 0.1, 0.3])] = np.nan
    y = (np.nan_to_num(x[:, 0]) + rng.normal(size=n + 60) > 0).astype(np.float32)
    params = {'objective': 'binary:logistic', 'nthread': 1, 'seed': case,
              'tree_method': str(rng.choice(['exact', 'hist', 'approx'])),
              'max_depth': int(rng.integers(1, 9)), 'eta': float(rng.uniform(0.05, 0.5)),
              'base_score': float(rng.uniform(0.1, 0.9)),
              'num_parallel_tree': int(rng.choice([1, 1, 3])), 'subsample': 0.8 if case % 2 else 1.0}
    if case % 4 == 3:
        params.update({'booster': 'dart', 'rate_drop': 0.2, 'tree_method': 'hist', 'num_parallel_tree': 1})
    bst = xgb.train(params, xgb.DMatrix(x[:n], label=y[:n]), int(rng.integers(1, 40)))
    test = xgb.DMatrix(x[n:])
    with tempfile.TemporaryDirectory() as d:
        bst.save_model(os.path.join(d, 'm.json')); bst.save_model(os.path.join(d, 'xgboost-model'))
        files = [open(os.path.join(d, name), 'rb').read() for name in ('m.json', 'xgboost-model')]
    out.append({'params': params, 'nCols': f, 'x': [[None if np.isnan(v) else float(v) for v in r] for r in x[n:]],
                'json': base64.b64encode(files[0]).decode(), 'bin': base64.b64encode(files[1]).decode(),
                'margin': [float(v) for v in bst.predict(test, output_margin=True)],
                'proba': [float(v) for v in bst.predict(test)],
                'contribs': bst.predict(test, pred_contribs=True).astype(float).tolist()})
print(json.dumps(out))
`;

interface Case {
  params: Record<string, unknown>;
  nCols: number;
  x: (number | null)[][];
  json: string;
  bin: string;
  margin: number[];
  proba: number[];
  contribs: number[][];
}

describe('the runtime beside xgboost on randomly configured models', () => {
  withXgboost('matches margins bit for bit, probabilities within 1e-6 and contributions within 1e-5', () => {
    const run = spawnSync(PYTHON, ['-c', SCRIPT, '20261124', '16'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(run.stderr.split('\n').filter((l) => /Error/.test(l))).toEqual([]);
    const cases = JSON.parse(run.stdout) as Case[];
    for (const c of cases) {
      const x = Float32Array.from(c.x.flatMap((row) => row.map((v) => v ?? NaN)));
      const nRows = c.x.length;
      for (const format of ['json', 'bin'] as const) {
        const booster = parseModel(Buffer.from(c[format], 'base64'), `${format} ${JSON.stringify(c.params)}`);
        const margins = predictMargin(booster, x, nRows);
        expect({ params: c.params, format, margins: [...margins] }).toEqual({
          params: c.params,
          format,
          margins: c.margin,
        });
        const proba = predictProba(booster, x, nRows);
        expect(Math.max(...c.proba.map((p, r) => Math.abs(p - proba[r])))).toBeLessThan(1e-6);
        let worst = 0;
        for (let r = 0; r < nRows; r++) {
          const phi = explain(booster, x.subarray(r * c.nCols, (r + 1) * c.nCols));
          c.contribs[r].forEach((v, j) => (worst = Math.max(worst, Math.abs(v - phi[j]))));
        }
        expect({ params: c.params, worst: worst < 1e-5 }).toEqual({ params: c.params, worst: true });
      }
    }
  });
});
