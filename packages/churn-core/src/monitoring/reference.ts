import type { FieldName } from '../fields';

/**
 * `reference_profile.json` in the model artifact: how the training rows looked, so live traffic
 * can be compared with them. Numeric fields are binned at training quantiles; the same bins label
 * the prediction log's numeric fields.
 */
export interface BinnedDistribution {
  /** Bin labels in order: categories as they are, numeric bins as `"[a,b)"` with ±inf ends. */
  bins: string[];
  /** Training rows per bin. */
  counts: number[];
  /** counts / rows. */
  proportions: number[];
}

export interface CategoryReference extends BinnedDistribution {
  kind: 'category';
}

export interface NumericReference extends BinnedDistribution {
  kind: 'numeric';
  /** Ascending cut points: bin 0 is (-inf, edges[0]), bin i is [edges[i-1], edges[i]), the last [edges[n-1], inf). */
  edges: number[];
}

export type FieldReference = CategoryReference | NumericReference;

export interface ScoreReference extends BinnedDistribution {
  /** Cut points of the champion's probability on the training rows (deciles, deduplicated). */
  edges: number[];
  /** Share of training rows at or above the model's threshold. */
  positive_rate: number;
  mean: number;
}

export interface ReferenceProfile {
  schema_version: 1;
  model_version: string;
  created_at: string;
  /** Training rows the profile was computed on. */
  rows: number;
  fields: Record<FieldName, FieldReference>;
  score: ScoreReference;
}

export const REFERENCE_FILE = 'reference_profile.json';
