import { Customer, FIELDS, FIELD_NAMES, FieldName, NumberField } from '../fields';
import type { BinnedFields } from './records';
import type { ReferenceProfile } from './reference';

/** The request fields binned by value rather than kept as categories. */
export const NUMERIC_FIELDS = FIELD_NAMES.filter((name) => FIELDS[name].kind !== 'category');

/**
 * Cut points at the `nBins`-quantiles of `values`: the value at sorted position floor(k n / nBins)
 * for k = 1..nBins-1, without repeats and above the minimum, so every bin holds training rows.
 * Ties-heavy columns (tenure) simply get fewer bins.
 */
export function quantileEdges(values: ArrayLike<number>, nBins = 10): number[] {
  const sorted = Float64Array.from(values).sort();
  const edges: number[] = [];
  if (sorted.length === 0) return edges;
  for (let k = 1; k < nBins; k++) {
    const v = sorted[Math.floor((k * sorted.length) / nBins)];
    if (v > sorted[0] && v !== edges[edges.length - 1]) edges.push(v);
  }
  return edges;
}

/** Index of `value`'s bin: how many cut points are at or below it (bins are closed on the left). */
export function binIndex(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `(-inf,a)`, `[a,b)`, …, `[z,inf)`: one label per bin, readable in Athena and the UI. */
export function binLabels(edges: readonly number[]): string[] {
  const bounds = ['-inf', ...edges.map(String), 'inf'];
  return edges.length === 0
    ? ['(-inf,inf)']
    : bounds.slice(0, -1).map((lo, i) => `${i === 0 ? '(' : '['}${lo},${bounds[i + 1]})`);
}

/**
 * Without a reference profile (an older artifact), numeric fields still must not be logged raw:
 * ten equal-width bins over the field's allowed range.
 */
export function rangeEdges(field: NumberField, nBins = 10): number[] {
  const step = (field.max - field.min) / nBins;
  return Array.from({ length: nBins - 1 }, (_, k) => field.min + step * (k + 1));
}

export type Binner = (customer: Customer) => BinnedFields;

/**
 * Compiles the per-field binning once: categories pass through, numbers become their bin's
 * label (a binary search and an array lookup, no allocation but the record itself).
 */
export function createBinner(reference?: ReferenceProfile): Binner {
  const numeric = new Map<FieldName, { edges: number[]; labels: string[] }>();
  for (const name of NUMERIC_FIELDS) {
    const ref = reference?.fields[name];
    const edges = ref?.kind === 'numeric' ? ref.edges : rangeEdges(FIELDS[name] as NumberField);
    numeric.set(name, { edges, labels: binLabels(edges) });
  }
  return (customer) => {
    const out = {} as BinnedFields;
    for (const name of FIELD_NAMES) {
      const bins = numeric.get(name);
      const value = customer[name];
      out[name] = bins ? bins.labels[binIndex(bins.edges, value as number)] : String(value);
    }
    return out;
  };
}
