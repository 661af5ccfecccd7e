import type { FieldName } from '../fields';
import type { CalibrationBin } from './stats';

/** `monitor.json`: what `npm run monitor` (and the scheduled Lambda) writes for one window. */

export interface DistributionDrift {
  /** Population stability index, sum over bins of (cur - ref) * ln(cur / ref), 1e-4 floor on shares. */
  psi: number;
  bins: string[];
  /** Training shares per bin. */
  reference: number[];
  /** Shares in the window per bin. */
  current: number[];
}

export interface FieldDrift extends DistributionDrift {
  /** Records whose value fit none of the reference's bins (a new category, a foreign bin label). */
  unknown: number;
}

export type { CalibrationBin };

export interface Realised {
  /** ROC AUC on matched predictions; null when they hold one class only. */
  auc: number | null;
  /** F1 at each record's own threshold (the model's). */
  f1: number;
  brier: number;
  /** Expected calibration error over 10 equal-width bins. */
  calibration: number;
  calibration_bins: CalibrationBin[];
  /** Predictions with an outcome. */
  matched: number;
  positives: number;
}

export interface ModelScore {
  auc: number | null;
  f1: number;
  /** fn * cost.fn + fp * cost.fp on the matched outcomes. */
  cost: number;
}

export interface ChallengerComparison {
  model_version: string;
  /** Predictions the challenger scored / of those, with an outcome. */
  scored: number;
  matched: number;
  cost: { fn: number; fp: number };
  champion: ModelScore;
  challenger: ModelScore;
}

export interface DailyFigures {
  date: string;
  predictions: number;
  positive_rate: number;
  mean_probability: number;
  matched: number;
  auc: number | null;
}

export interface Alert {
  kind: 'drift' | 'performance';
  /** A field name, `score`, or `auc`. */
  subject: string;
  value: number;
  threshold: number;
}

export interface MonitorThresholds {
  /** Drift alert when a field's (or the score's) PSI is at least this. */
  psi: number;
  /** Performance alert when realised AUC < reference_auc - auc_drop. */
  auc_drop: number;
  /** The model card's test AUC (metrics.json test.auc), null when the card has none. */
  reference_auc: number | null;
  /** No drift alert from fewer predictions than this (PSI of a handful of rows is noise). */
  min_predictions: number;
  /** No performance alert from fewer matched outcomes than this. */
  min_matched: number;
}

export interface MonitorReport {
  schema_version: 1;
  generated_at: string;
  /** The reference profile's (champion's) model version. */
  model_version: string;
  window: { from: string | null; to: string | null; predictions: number; outcomes: number };
  /** Predictions per logged model_version. */
  model_versions: Record<string, number>;
  fields: Record<FieldName, FieldDrift>;
  score: DistributionDrift;
  /** Share of predictions in the window with decision true. */
  positive_rate: number;
  reference_positive_rate: number;
  realised: Realised | null;
  daily: DailyFigures[];
  challenger: ChallengerComparison | null;
  alerts: Alert[];
  thresholds: MonitorThresholds;
  skipped: {
    /** A last line cut short by a crash (read and skipped). */
    torn_lines: number;
    /** Lines that are not a valid record. */
    bad_lines: number;
    /** Outcomes whose prediction is not in the window. */
    unmatched_outcomes: number;
    /** Second and later outcomes for one prediction (the latest observed_at wins). */
    duplicate_outcomes: number;
  };
}
