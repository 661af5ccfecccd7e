/**
 * The job's CloudWatch metric names (dimension `Deployment` = the function name). The handler in
 * api/src/aws-monitoring publishes exactly these; a test on each side pins them.
 */
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
