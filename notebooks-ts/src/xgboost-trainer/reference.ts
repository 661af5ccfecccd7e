/**
 * Runs python3-xgboost 1.7 (Debian's, at /usr/bin/python3; XGB_PYTHON overrides) on the same
 * data as our trainer, for the parity test and the benchmark. Dev tooling: nothing in
 * training or serving depends on Python.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Dataset } from './dataset';

export const PYTHON = process.env.XGB_PYTHON ?? '/usr/bin/python3';
const SCRIPT = join(__dirname, '..', '..', 'bench', 'xgb_reference.py');

/** Why the reference cannot run here, or undefined when python3 imports xgboost and sklearn. */
export function referenceUnavailable(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import xgboost, sklearn'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} cannot run (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} cannot import xgboost and sklearn`;
  return undefined;
}

export interface ReferenceRun {
  /** Wall-clock and process CPU time of each training run. */
  seconds: number[];
  cpu_seconds: number[];
  test_auc?: number;
  xgboost_version: string;
  /** `get_score(importance_type='gain')`, by feature name (f0, f1, ... without names). */
  gain: Record<string, number>;
}

/** A scratch directory holding float32 copies of data sets, passed to the Python side by path. */
export class ReferenceSession {
  readonly dir = mkdtempSync(join(tmpdir(), 'xgb-ref-'));
  private n = 0;

  matrix(data: Dataset) {
    const id = this.n++;
    const x = join(this.dir, `x${id}.f32`);
    const y = join(this.dir, `y${id}.f32`);
    writeFileSync(x, new Uint8Array(data.x.buffer, data.x.byteOffset, data.x.byteLength));
    writeFileSync(y, new Uint8Array(data.y.buffer, data.y.byteOffset, data.y.byteLength));
    return { x, y, n_rows: data.nRows, n_cols: data.nCols };
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  /** xgb.train on `train` (times each repeat; early stopping on `valid`); AUC on `test`; optionally saves the model. */
  train(req: {
    train: Dataset;
    test?: Dataset;
    params: Record<string, unknown>;
    numRound: number;
    repeats?: number;
    modelOut?: string;
    featureNames?: readonly string[];
    valid?: Dataset;
    earlyStoppingRounds?: number;
  }): ReferenceRun {
    return this.call({
      op: 'train',
      train: this.matrix(req.train),
      test: req.test && this.matrix(req.test),
      params: req.params,
      num_round: req.numRound,
      repeats: req.repeats ?? 1,
      model_out: req.modelOut,
      feature_names: req.featureNames,
      valid: req.valid && this.matrix(req.valid),
      early_stopping_rounds: req.earlyStoppingRounds,
    }) as ReferenceRun;
  }

  /** XGBoost's probabilities for `test` from the model file at `modelPath` (best_ntree_limit trees). */
  score(
    modelPath: string,
    test: Dataset,
  ): { probabilities: Float32Array; numTrees: number; bestNtreeLimit: number } {
    const predOut = this.path(`pred${this.n++}.f32`);
    const out = this.call({ op: 'score', model: modelPath, test: this.matrix(test), pred_out: predOut }) as {
      num_trees: number;
      best_ntree_limit: number;
    };
    const bytes = readFileSync(predOut);
    const probabilities = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    return { probabilities, numTrees: out.num_trees, bestNtreeLimit: out.best_ntree_limit };
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private call(request: object): unknown {
    const run = spawnSync(PYTHON, [SCRIPT], {
      input: JSON.stringify(request),
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (run.error) throw new Error(`could not run ${PYTHON} ${SCRIPT}`, { cause: run.error });
    if (run.status !== 0)
      throw new Error(`${SCRIPT} failed (exit ${run.status}): ${run.stderr.trim().slice(-2000)}`);
    return JSON.parse(run.stdout);
  }
}
