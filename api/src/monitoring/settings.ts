import Joi from 'joi';
import { loadEnv } from '@telco-churn/config/env';

/** The monitoring job's settings: the CLI and the scheduled Lambda read the same variables. */
export interface MonitorSettings {
  /** Drift alert when a field's (or the score's) PSI is at least this. */
  psiThreshold: number;
  /** Performance alert when realised AUC is more than this below the model card's test AUC. */
  aucDrop: number;
  /** Cost of a missed churner and of a needless retention offer, for champion vs challenger. */
  costFn: number;
  costFp: number;
  /** Fewest predictions (drift) and matched outcomes (performance) an alert may rest on. */
  minPredictions: number;
  minMatched: number;
}

const schema = Joi.object({
  MONITOR_PSI_THRESHOLD: Joi.number().greater(0).default(0.2),
  MONITOR_AUC_DROP: Joi.number().min(0).max(1).default(0.05),
  MONITOR_COST_FN: Joi.number().min(0).default(5),
  MONITOR_COST_FP: Joi.number().min(0).default(1),
  MONITOR_MIN_PREDICTIONS: Joi.number().integer().min(1).default(100),
  MONITOR_MIN_MATCHED: Joi.number().integer().min(1).default(50),
})
  .unknown(true)
  .prefs({ convert: true, abortEarly: true, errors: { wrap: { label: false } } });

/** Reads the MONITOR_* variables once; a bad one throws a ConfigError naming it. */
export function loadMonitorSettings(env: Record<string, string | undefined> = process.env): MonitorSettings {
  const value = loadEnv(schema, env);
  return {
    psiThreshold: value.MONITOR_PSI_THRESHOLD,
    aucDrop: value.MONITOR_AUC_DROP,
    costFn: value.MONITOR_COST_FN,
    costFp: value.MONITOR_COST_FP,
    minPredictions: value.MONITOR_MIN_PREDICTIONS,
    minMatched: value.MONITOR_MIN_MATCHED,
  };
}
