import { createRng, normal } from '@telco-churn/core/random';
import { Dataset } from '../dataset';

/**
 * A seeded binary problem with a known signal: a strong feature, a rounded one (ties), a 0/1
 * one, pure noise, and optional missing values.
 */
export function makeData(nRows: number, seed: number, missingRate = 0): Dataset {
  const rng = createRng(seed);
  const nCols = 5;
  const x = new Float32Array(nRows * nCols);
  const y = new Float32Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const a = normal(rng);
    const b = Math.round(normal(rng) * 2) / 2;
    const c = rng() < 0.4 ? 1 : 0;
    const d = normal(rng);
    const e = normal(rng);
    const logit = 1.5 * a - 0.8 * b + 1.2 * c + 0.3 * a * b;
    y[r] = rng() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    const row = [a, b, c, d, e];
    for (let f = 0; f < nCols; f++) x[r * nCols + f] = missingRate > 0 && rng() < missingRate ? NaN : row[f];
  }
  return { x, nRows, nCols, y };
}

/** A one-column data set from values and labels. */
export function column(values: number[], labels: number[]): Dataset {
  return { x: Float32Array.from(values), nRows: values.length, nCols: 1, y: Float32Array.from(labels) };
}

export interface JsonTree {
  left_children: number[];
  right_children: number[];
  split_indices: number[];
  split_conditions: number[];
  default_left: number[];
  base_weights: number[];
  loss_changes: number[];
  sum_hessian: number[];
  tree_param: Record<string, string>;
}

export function jsonTrees(json: Record<string, unknown>): JsonTree[] {
  const learner = json.learner as { gradient_booster: { model: { trees: JsonTree[] } } };
  return learner.gradient_booster.model.trees;
}

export function learnerOf(json: Record<string, unknown>): Record<string, unknown> {
  return json.learner as Record<string, unknown>;
}
