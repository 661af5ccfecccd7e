import { FIELD_NAMES, FieldName } from '../fields';
import { binIndex } from './binning';
import type { OutcomeRecord, PredictionRecord } from './records';
import { dayOf } from './records';
import type { ReferenceProfile } from './reference';
import type {
  Alert,
  ChallengerComparison,
  DailyFigures,
  FieldDrift,
  ModelScore,
  MonitorReport,
} from './report';
import { brierScore, calibration, confusionAt, f1Score, psi, rocAuc, shares } from './stats';

export const DEFAULT_MIN_PREDICTIONS = 100;
export const DEFAULT_MIN_MATCHED = 50;

/** Records one by one or in batches (a file chunk, an Athena page): batches cost one await each. */
export type Source<T> = AsyncIterable<T | readonly T[]> | Iterable<T | readonly T[]>;

async function* each<T>(source: Source<T>): AsyncGenerator<readonly T[]> {
  let single: T[] = [];
  for await (const item of source) {
    if (Array.isArray(item)) {
      if (single.length > 0) yield single;
      single = [];
      yield item as readonly T[];
    } else {
      single.push(item as T);
      if (single.length >= 1000) {
        yield single;
        single = [];
      }
    }
  }
  if (single.length > 0) yield single;
}

export interface MonitorInput {
  /** The champion's training reference (the model artifact's reference_profile.json). */
  reference: ReferenceProfile;
  /** The model card's test AUC (metrics.json test.auc); null leaves out the performance alert. */
  referenceAuc: number | null;
  thresholds: { psi: number; auc_drop: number; min_predictions?: number; min_matched?: number };
  /** Costs of a missed churner and of a needless retention offer, for the challenger comparison. */
  cost: { fn: number; fp: number };
  predictions: Source<PredictionRecord>;
  outcomes?: Source<OutcomeRecord>;
  /** ISO times: predictions with from <= time < to count. */
  from?: string;
  to?: string;
  /** Lines the reader skipped, reported as they are. */
  skipped?: { torn_lines: number; bad_lines: number };
  now?: Date;
}

interface Outcome {
  churned: boolean;
  observedAt: string;
}

async function outcomeMap(source: Source<OutcomeRecord> | undefined) {
  const map = new Map<string, Outcome>();
  let duplicates = 0;
  if (!source) return { map, duplicates };
  for await (const batch of each(source))
    for (const o of batch) {
      const known = map.get(o.prediction_id);
      if (known) {
        duplicates++;
        if (o.observed_at < known.observedAt) continue;
      }
      map.set(o.prediction_id, { churned: o.churned, observedAt: o.observed_at });
    }
  return { map, duplicates };
}

/** Matched predictions, column-wise. */
interface Matched {
  y: number[];
  p: number[];
  t: number[];
  day: number[];
  /** The challenger's probability and threshold, NaN where it did not score the request. */
  cp: number[];
  ct: number[];
}

function modelScore(y: number[], p: number[], t: number[], cost: { fn: number; fp: number }): ModelScore {
  const c = confusionAt(y, p, t);
  return { auc: rocAuc(y, p), f1: f1Score(c), cost: c.fn * cost.fn + c.fp * cost.fp };
}

function challengerComparison(
  m: Matched,
  version: string | undefined,
  scored: number,
  cost: { fn: number; fp: number },
): ChallengerComparison | null {
  if (version === undefined) return null;
  const both = m.cp.flatMap((cp, i) => (Number.isNaN(cp) ? [] : [i]));
  const pick = (a: number[]): number[] => both.map((i) => a[i]);
  const y = pick(m.y);
  return {
    model_version: version,
    scored,
    matched: both.length,
    cost,
    champion: modelScore(y, pick(m.p), pick(m.t), cost),
    challenger: modelScore(y, pick(m.cp), pick(m.ct), cost),
  };
}

/**
 * One monitoring window: outcomes are read first (a map by prediction id), then the predictions
 * stream through once, counted into the reference's bins; only matched predictions keep a few
 * numbers each. A pure function of its inputs, so the local CLI (files) and the scheduled Lambda
 * (Athena rows) compute the same report.
 */
export async function runMonitor(input: MonitorInput): Promise<MonitorReport> {
  const { reference, from, to } = input;
  const { map: outcomes, duplicates } = await outcomeMap(input.outcomes);

  const fieldIndex = FIELD_NAMES.map((name) => new Map(reference.fields[name].bins.map((b, i) => [b, i])));
  const fieldCounts = FIELD_NAMES.map((name) => new Float64Array(reference.fields[name].bins.length));
  const unknown = new Float64Array(FIELD_NAMES.length);
  const scoreEdges = reference.score.edges;
  const scoreCounts = new Float64Array(reference.score.bins.length);
  const versions: Record<string, number> = {};
  const days = new Map<string, { n: number; positives: number; sum: number; index: number }>();
  const m: Matched = { y: [], p: [], t: [], day: [], cp: [], ct: [] };
  let n = 0;
  let positives = 0;
  let first: string | null = null;
  let last: string | null = null;
  let challengerVersion: string | undefined;
  let challengerScored = 0;

  for await (const batch of each(input.predictions))
    for (const r of batch) {
      if ((from !== undefined && r.time < from) || (to !== undefined && r.time >= to)) continue;
      n++;
      if (first === null || r.time < first) first = r.time;
      if (last === null || r.time > last) last = r.time;
      versions[r.model_version] = (versions[r.model_version] ?? 0) + 1;
      for (let f = 0; f < FIELD_NAMES.length; f++) {
        const at = fieldIndex[f].get(r.fields[FIELD_NAMES[f]]);
        if (at === undefined) unknown[f]++;
        else fieldCounts[f][at]++;
      }
      scoreCounts[binIndex(scoreEdges, r.probability)]++;
      if (r.decision) positives++;
      const dayKey = dayOf(r.time);
      let day = days.get(dayKey);
      if (!day) days.set(dayKey, (day = { n: 0, positives: 0, sum: 0, index: days.size }));
      day.n++;
      day.sum += r.probability;
      if (r.decision) day.positives++;
      if (r.challenger) {
        challengerScored++;
        challengerVersion ??= r.challenger.model_version;
      }
      const outcome = outcomes.get(r.prediction_id);
      if (outcome) {
        m.y.push(outcome.churned ? 1 : 0);
        m.p.push(r.probability);
        m.t.push(r.threshold);
        m.day.push(day.index);
        m.cp.push(r.challenger ? r.challenger.probability : NaN);
        m.ct.push(r.challenger ? r.challenger.threshold : NaN);
      }
    }

  const fields = {} as Record<FieldName, FieldDrift>;
  FIELD_NAMES.forEach((name, f) => {
    const ref = reference.fields[name];
    const total = n;
    const current = total > 0 ? Array.from(fieldCounts[f], (c) => c / total) : ref.bins.map(() => 0);
    const unknownShare = total > 0 ? unknown[f] / total : 0;
    // Values outside every reference bin are a bin of their own, absent in training.
    const value = total === 0 ? 0 : psi([...ref.proportions, 0], [...current, unknownShare]);
    fields[name] = { psi: value, bins: ref.bins, reference: ref.proportions, current, unknown: unknown[f] };
  });
  const scoreCurrent = shares(scoreCounts);
  const score = {
    psi: n === 0 ? 0 : psi(reference.score.proportions, scoreCurrent),
    bins: reference.score.bins,
    reference: reference.score.proportions,
    current: scoreCurrent,
  };

  const realised =
    m.y.length === 0
      ? null
      : (() => {
          const cal = calibration(m.y, m.p);
          return {
            auc: rocAuc(m.y, m.p),
            f1: f1Score(confusionAt(m.y, m.p, m.t)),
            brier: brierScore(m.y, m.p),
            calibration: cal.ece,
            calibration_bins: cal.bins,
            matched: m.y.length,
            positives: m.y.reduce((a, b) => a + b, 0),
          };
        })();

  const daily: DailyFigures[] = [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, d]) => {
      const rows = m.day.flatMap((di, i) => (di === d.index ? [i] : []));
      return {
        date,
        predictions: d.n,
        positive_rate: d.positives / d.n,
        mean_probability: d.sum / d.n,
        matched: rows.length,
        auc: rocAuc(
          rows.map((i) => m.y[i]),
          rows.map((i) => m.p[i]),
        ),
      };
    });

  const minPredictions = input.thresholds.min_predictions ?? DEFAULT_MIN_PREDICTIONS;
  const minMatched = input.thresholds.min_matched ?? DEFAULT_MIN_MATCHED;
  const alerts: Alert[] = [];
  const drifting = (value: number): boolean => n >= minPredictions && value >= input.thresholds.psi;
  for (const name of FIELD_NAMES) {
    if (drifting(fields[name].psi))
      alerts.push({ kind: 'drift', subject: name, value: fields[name].psi, threshold: input.thresholds.psi });
  }
  if (drifting(score.psi))
    alerts.push({ kind: 'drift', subject: 'score', value: score.psi, threshold: input.thresholds.psi });
  if (realised?.auc != null && input.referenceAuc !== null && realised.matched >= minMatched) {
    const floor = input.referenceAuc - input.thresholds.auc_drop;
    if (realised.auc < floor)
      alerts.push({ kind: 'performance', subject: 'auc', value: realised.auc, threshold: floor });
  }
  // The worst first: that is what whoever is on call reads.
  alerts.sort((a, b) => (a.kind === b.kind ? b.value - a.value : a.kind === 'performance' ? -1 : 1));

  return {
    schema_version: 1,
    generated_at: (input.now ?? new Date()).toISOString(),
    model_version: reference.model_version,
    window: { from: from ?? first, to: to ?? last, predictions: n, outcomes: outcomes.size },
    model_versions: versions,
    fields,
    score,
    positive_rate: n === 0 ? 0 : positives / n,
    reference_positive_rate: reference.score.positive_rate,
    realised,
    daily,
    challenger: challengerComparison(m, challengerVersion, challengerScored, input.cost),
    alerts,
    thresholds: {
      psi: input.thresholds.psi,
      auc_drop: input.thresholds.auc_drop,
      reference_auc: input.referenceAuc,
      min_predictions: minPredictions,
      min_matched: minMatched,
    },
    skipped: {
      torn_lines: input.skipped?.torn_lines ?? 0,
      bad_lines: input.skipped?.bad_lines ?? 0,
      unmatched_outcomes: outcomes.size - m.y.length,
      duplicate_outcomes: duplicates,
    },
  };
}
