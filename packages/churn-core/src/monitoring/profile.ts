import { CategoryField, Customer, FIELDS, FIELD_NAMES, FieldName } from '../fields';
import { binIndex, binLabels, quantileEdges } from './binning';
import type { BinnedDistribution, FieldReference, ReferenceProfile, ScoreReference } from './reference';
import { shares } from './stats';

export const REFERENCE_BINS = 10;

export class ReferenceProfileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReferenceProfileError';
  }
}

function distribution(bins: string[], counts: number[]): BinnedDistribution {
  return { bins, counts, proportions: shares(counts) };
}

function numericDistribution(
  values: ArrayLike<number>,
  nBins: number,
): BinnedDistribution & { edges: number[] } {
  const edges = quantileEdges(values, nBins);
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[binIndex(edges, values[i])]++;
  return { edges, ...distribution(binLabels(edges), counts) };
}

export interface ProfileInput {
  /** The training rows' customers (the rows the model was fitted on, never the test rows). */
  customers: readonly Customer[];
  /** The champion's probability for each of those rows. */
  scores: ArrayLike<number>;
  threshold: number;
  modelVersion: string;
  createdAt?: string;
  nBins?: number;
}

/** The reference profile training writes beside the model. */
export function buildReferenceProfile(input: ProfileInput): ReferenceProfile {
  const { customers, scores, threshold } = input;
  const nBins = input.nBins ?? REFERENCE_BINS;
  if (customers.length === 0) throw new ReferenceProfileError('cannot profile zero training rows');
  if (scores.length !== customers.length)
    throw new ReferenceProfileError(`${customers.length} training rows but ${scores.length} scores`);
  const fields = {} as Record<FieldName, FieldReference>;
  for (const name of FIELD_NAMES) {
    const spec = FIELDS[name];
    if (spec.kind === 'category') {
      const values = (spec as CategoryField).values;
      const counts = new Array<number>(values.length).fill(0);
      for (const c of customers) {
        const at = values.indexOf(c[name] as string);
        if (at < 0) throw new ReferenceProfileError(`${name} "${String(c[name])}" is not one of its values`);
        counts[at]++;
      }
      fields[name] = { kind: 'category', ...distribution([...values], counts) };
    } else {
      fields[name] = {
        kind: 'numeric',
        ...numericDistribution(
          customers.map((c) => c[name] as number),
          nBins,
        ),
      };
    }
  }
  let positives = 0;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i] >= threshold) positives++;
    sum += scores[i];
  }
  const score: ScoreReference = {
    ...numericDistribution(scores, nBins),
    positive_rate: positives / scores.length,
    mean: sum / scores.length,
  };
  return {
    schema_version: 1,
    model_version: input.modelVersion,
    created_at: input.createdAt ?? new Date().toISOString(),
    rows: customers.length,
    fields,
    score,
  };
}

function checkDistribution(d: unknown, where: string, edges: boolean): void {
  const o = d as Partial<BinnedDistribution & { edges: number[] }>;
  if (typeof o !== 'object' || o === null) throw new ReferenceProfileError(`${where} is missing`);
  const isNumbers = (a: unknown): a is number[] =>
    Array.isArray(a) && a.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!Array.isArray(o.bins) || !o.bins.every((b) => typeof b === 'string') || o.bins.length === 0)
    throw new ReferenceProfileError(`${where}.bins must be a non-empty list of labels`);
  for (const key of ['counts', 'proportions'] as const) {
    if (!isNumbers(o[key]) || o[key].length !== o.bins.length)
      throw new ReferenceProfileError(`${where}.${key} must hold one number per bin (${o.bins.length})`);
  }
  if (edges) {
    if (!isNumbers(o.edges) || o.edges.length !== o.bins.length - 1)
      throw new ReferenceProfileError(`${where}.edges must hold one cut point fewer than the bins`);
    if (o.edges.some((e, i) => i > 0 && e <= o.edges![i - 1]))
      throw new ReferenceProfileError(`${where}.edges must be strictly ascending`);
  }
}

/** Reads `reference_profile.json`, refusing a file that would bin or compare wrongly. */
export function parseReferenceProfile(json: unknown, source = 'reference_profile.json'): ReferenceProfile {
  const o = json as Partial<ReferenceProfile>;
  const fail = (message: string): never => {
    throw new ReferenceProfileError(`${source}: ${message}`);
  };
  if (typeof o !== 'object' || o === null) fail('not a JSON object');
  if (o.schema_version !== 1) fail(`schema_version must be 1, got ${JSON.stringify(o.schema_version)}`);
  if (typeof o.model_version !== 'string') fail('model_version must be a string');
  if (typeof o.rows !== 'number' || o.rows < 1) fail('rows must be a positive count');
  try {
    for (const name of FIELD_NAMES) {
      const field = o.fields?.[name];
      const numeric = FIELDS[name].kind !== 'category';
      if (field && field.kind !== (numeric ? 'numeric' : 'category'))
        fail(`fields.${name}.kind must be "${numeric ? 'numeric' : 'category'}"`);
      checkDistribution(field, `fields.${name}`, numeric);
    }
    checkDistribution(o.score, 'score', true);
  } catch (error) {
    if (error instanceof ReferenceProfileError && !error.message.startsWith(source)) fail(error.message);
    throw error;
  }
  return o as ReferenceProfile;
}
