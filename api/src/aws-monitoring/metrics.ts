import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { METRIC_DIMENSION, MONITOR_METRICS } from '@telco-churn/core/monitoring/metrics';
import type { MonitorReport } from '@telco-churn/core/monitoring/report';

/**
 * What one report publishes. Drift needs traffic: below the report's min_predictions only the
 * count goes out, so a quiet day neither alarms on the noise of a handful of rows nor hides a
 * real drift with a fake 0. AUC needs min_matched outcomes of both classes; the shortfall also
 * needs the model card's AUC. The alarms then see exactly what the report's alerts rest on.
 */
export function reportMetrics(report: MonitorReport, deployment: string, timestamp: Date): MetricDatum[] {
  const datum = (name: string, value: number, unit: MetricDatum['Unit'] = 'None'): MetricDatum => ({
    MetricName: name,
    Dimensions: [{ Name: METRIC_DIMENSION, Value: deployment }],
    Timestamp: timestamp,
    Value: value,
    Unit: unit,
  });
  const out = [datum(MONITOR_METRICS.predictions, report.window.predictions, 'Count')];
  const { min_predictions: minPredictions, min_matched: minMatched } = report.thresholds;
  if (report.window.predictions > 0 && report.window.predictions >= (minPredictions ?? 1)) {
    const fieldPsi = Object.values(report.fields).map((f) => f.psi);
    out.push(datum(MONITOR_METRICS.maxFieldPsi, Math.max(...fieldPsi)));
    out.push(datum(MONITOR_METRICS.scorePsi, report.score.psi));
  }
  const auc = report.realised?.auc;
  if (auc !== null && auc !== undefined && (report.realised?.matched ?? 0) >= (minMatched ?? 1)) {
    out.push(datum(MONITOR_METRICS.realisedAuc, auc));
    const card = report.thresholds.reference_auc;
    if (card !== null) out.push(datum(MONITOR_METRICS.aucShortfall, card - auc));
  }
  return out;
}
