/**
 * The scheduled monitor's CloudWatch metrics: the job in api/src/aws-monitoring publishes them,
 * the MonitorJob construct in modules/monitor-job alarms on them. One list for both, so an alarm
 * cannot watch a name nobody publishes.
 */

/** Where the metrics go unless the deployment names another namespace. */
export const DEFAULT_METRIC_NAMESPACE = 'TelcoChurn/Monitoring';

/** A namespace of our own: CloudWatch's characters, and not `AWS/`, which AWS keeps for itself. */
export const CUSTOM_METRIC_NAMESPACE = /^(?!AWS\/)[A-Za-z0-9./#:_-]{1,255}$/;

/** The one dimension of every metric; its value is the job's function name. */
export const METRIC_DIMENSION = 'Deployment';

export const MONITOR_METRICS = {
  /** Largest PSI over the 19 request fields. */
  maxFieldPsi: 'MaxFieldPsi',
  scorePsi: 'ScorePsi',
  /** Realised ROC AUC on the predictions that have an outcome (published when there are both classes). */
  realisedAuc: 'RealisedAuc',
  /** Model card test AUC minus realised AUC: the alarm needs no AUC baked into Terraform. */
  aucShortfall: 'AucShortfall',
  /** Predictions in the window: a dashboard sees traffic, and a silent log is visible. */
  predictions: 'Predictions',
} as const;

export type MonitorMetric = keyof typeof MONITOR_METRICS;
