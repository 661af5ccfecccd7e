import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { MonitorReport } from '@telco-churn/core/monitoring/report';

/** The names modules/monitor-job alarms on (its metrics.ts lists the same; both are tested). */
export const METRIC_NAMES = {
  maxFieldPsi: 'MaxFieldPsi',
  scorePsi: 'ScorePsi',
  realisedAuc: 'RealisedAuc',
  aucShortfall: 'AucShortfall',
  predictions: 'Predictions',
} as const;

/**
 * What one report publishes. Drift needs traffic: below the report's min_predictions only the
 * count goes out, so a quiet day neither alarms on the noise of a handful of rows nor hides a
 * real drift with a fake 0. AUC needs min_matched outcomes of both classes; the shortfall also
 * needs the model card's AUC. The alarms then see exactly what the report's alerts rest on.
 */
export function reportMetrics(report: MonitorReport, deployment: string, timestamp: Date): MetricDatum[] {
  const datum = (name: string, value: number, unit: MetricDatum['Unit'] = 'None'): MetricDatum => ({
    MetricName: name,
    Dimensions: [{ Name: 'Deployment', Value: deployment }],
    Timestamp: timestamp,
    Value: value,
    Unit: unit,
  });
  const out = [datum(METRIC_NAMES.predictions, report.window.predictions, 'Count')];
  const { min_predictions: minPredictions, min_matched: minMatched } = report.thresholds;
  if (report.window.predictions > 0 && report.window.predictions >= (minPredictions ?? 1)) {
    const fieldPsi = Object.values(report.fields).map((f) => f.psi);
    out.push(datum(METRIC_NAMES.maxFieldPsi, Math.max(...fieldPsi)));
    out.push(datum(METRIC_NAMES.scorePsi, report.score.psi));
  }
  const auc = report.realised?.auc;
  if (auc !== null && auc !== undefined && (report.realised?.matched ?? 0) >= (minMatched ?? 1)) {
    out.push(datum(METRIC_NAMES.realisedAuc, auc));
    const card = report.thresholds.reference_auc;
    if (card !== null) out.push(datum(METRIC_NAMES.aucShortfall, card - auc));
  }
  return out;
}
