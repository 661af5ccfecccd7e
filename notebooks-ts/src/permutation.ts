import { FIELD_NAMES, FieldName } from '@telco-churn/core/fields';
import { FEATURE_SOURCE } from '@telco-churn/core/features';
import { createRng, shuffleInPlace } from '@telco-churn/core/random';
import { Dataset } from './dataset';
import { auc } from './metrics';

export interface FieldImportance {
  field: FieldName;
  /** Mean fall in AUC when the field's columns are shuffled across rows (negative: noise helped). */
  auc_drop: number;
}

/** A fitted model and rows it did not see, with the model's own scoring function. */
export interface ScoredFold<M> {
  model: M;
  data: Dataset;
}

/**
 * The encoded columns of each request field, in FIELDS order: a one-hot group and its engineered
 * companions (TenureGroup_* with tenure) move together, so a field is permuted as a whole. The
 * `derived` columns (AvgMonthlySpend, TotalServices) mix several fields and stay in place.
 */
export function fieldColumns(featureNames: readonly string[]): { field: FieldName; columns: number[] }[] {
  return FIELD_NAMES.map((field) => ({
    field,
    columns: featureNames.flatMap((name, j) => (FEATURE_SOURCE[name] === field ? [j] : [])),
  })).filter((g) => g.columns.length > 0);
}

/**
 * Permutation importance by request field (Breiman 2001; scikit-learn's permutation_importance,
 * with features grouped): for each fold, the AUC of the model on its held-out rows minus its AUC
 * once one field's columns are shuffled together across those rows, averaged over `repeats`
 * seeded shuffles and then over the folds. Sorted by drop, largest first.
 */
export function permutationImportance<M>(
  folds: readonly ScoredFold<M>[],
  predict: (model: M, x: Float32Array, nRows: number) => Float64Array,
  featureNames: readonly string[],
  options: { seed: number; repeats?: number },
): FieldImportance[] {
  const repeats = options.repeats ?? 2;
  const rng = createRng(options.seed);
  const groups = fieldColumns(featureNames);
  const drops = new Float64Array(groups.length);
  for (const { model, data } of folds) {
    const { nRows, nCols } = data;
    const base = auc(data.y, predict(model, data.x, nRows));
    const x = new Float32Array(data.x.length);
    groups.forEach(({ columns }, g) => {
      let lost = 0;
      for (let r = 0; r < repeats; r++) {
        const order = shuffleInPlace(
          rng,
          Array.from({ length: nRows }, (_, i) => i),
        );
        x.set(data.x);
        for (let i = 0; i < nRows; i++) {
          for (const c of columns) x[i * nCols + c] = data.x[order[i] * nCols + c];
        }
        lost += base - auc(data.y, predict(model, x, nRows));
      }
      drops[g] += lost / repeats / folds.length;
    });
  }
  return groups
    .map(({ field }, g) => ({ field, auc_drop: drops[g] }))
    .sort((a, b) => b.auc_drop - a.auc_drop || a.field.localeCompare(b.field));
}
