import type { CampaignResponseSummary } from '@telco-churn/core/contracts';
import { toCsv } from '@telco-churn/core/csv';
import type { Group } from '@telco-churn/core/retention/campaign';
import type { InvalidRow } from './batch-types';

/** One customer of a planned campaign, as the page shows it (POST /campaign, with the file's line). */
export interface CampaignRow {
  line: number;
  customerId?: string;
  probability: number;
  valueAtRisk: number;
  bestOffer: string | null;
  expectedNetValue: number;
  cost: number;
  selected: boolean;
  group: Group;
  /** The API's id for this score in the prediction log: outcomes are joined on it (POST /outcomes). */
  predictionId: string;
}

export interface CampaignPlan {
  summary: CampaignResponseSummary;
  /** Ranked by expected net value, best first (the API's order). */
  rows: CampaignRow[];
  invalid: InvalidRow[];
  modelVersion: string;
}

/** The settings form: text as typed, so the API's messages name a bad value. */
export interface CampaignSettings {
  budget: string;
  capacity: string;
  holdout_fraction: string;
  seed: string;
}
export const CAMPAIGN_SETTING_KEYS = ['budget', 'capacity', 'holdout_fraction', 'seed'] as const;

/** The most customers one POST /campaign takes: a budget needs one ranking, so a file is not split. */
export const MAX_CAMPAIGN_ROWS = 10_000;

export interface CurvePoint {
  /** Customers contacted, in ranking order (by expected net value). */
  count: number;
  cost: number;
  value: number;
}

/**
 * Cumulative committed cost and expected net value when customers are added most value for
 * the money first (net value per unit of cost, the order the budgeted selection takes them
 * in), each with their best offer: the gain curve a budget is read against. Customers without
 * an offer worth making (no best offer) cost nothing and are left out. The peak is where adding
 * customers stops paying: after it every customer's expected net value is ≤ 0.
 */
export function cumulativeCurve(rows: readonly CampaignRow[]): { points: CurvePoint[]; peak: CurvePoint } {
  const ratio = (r: CampaignRow) =>
    r.cost > 0 ? r.expectedNetValue / r.cost : Math.sign(r.expectedNetValue) * Infinity;
  const ordered = rows.filter((r) => r.bestOffer !== null).sort((a, b) => ratio(b) - ratio(a));
  const points: CurvePoint[] = [{ count: 0, cost: 0, value: 0 }];
  let peak = points[0];
  let cost = 0;
  let value = 0;
  for (const row of ordered) {
    cost += row.cost;
    value += row.expectedNetValue;
    const point = { count: points.length, cost, value };
    points.push(point);
    if (point.value > peak.value) peak = point;
  }
  return { points, peak };
}

/** At most `max` points, evenly spaced, always keeping the first, the last and the peak. */
export function thinCurve(points: readonly CurvePoint[], peak: CurvePoint, max = 400): CurvePoint[] {
  if (points.length <= max) return [...points];
  const step = (points.length - 1) / (max - 1);
  const kept = new Set<number>([peak.count]);
  for (let i = 0; i < max; i++) kept.add(Math.round(i * step));
  return [...kept].sort((a, b) => a - b).map((i) => points[i]);
}

export const CAMPAIGN_COLUMNS = [
  'customerID',
  'line',
  'churn_probability',
  'value_at_risk',
  'best_offer',
  'expected_net_value',
  'cost',
  'selected',
  'group',
  'prediction_id',
];

/** The campaign as a CSV for the contact tools, best first; written with the core's CSV writer. */
export function campaignCsv(rows: readonly CampaignRow[]): string {
  return toCsv([
    CAMPAIGN_COLUMNS,
    ...rows.map((r) => [
      r.customerId ?? '',
      r.line,
      r.probability,
      r.valueAtRisk,
      r.bestOffer ?? '',
      r.expectedNetValue,
      r.cost,
      r.selected ? 'Yes' : 'No',
      r.group,
      r.predictionId,
    ]),
  ]);
}
