import path from 'node:path';
import Joi from 'joi';
import type { Environment } from '@telco-churn/config/env';
import { DEFAULT_MODEL_DIR, LOG_LEVELS, LogLevel } from '../config';
import { ConfigError } from '@telco-churn/config/errors';
import { httpUrl } from '@telco-churn/config/url';
import { CUSTOM_METRIC_NAMESPACE, DEFAULT_METRIC_NAMESPACE } from '@telco-churn/core/monitoring/metrics';
import { loadMonitorSettings } from '../monitoring/settings';

/** The scheduled monitor's settings (modules/monitor-job sets them on the function). */
export interface MonitorJobConfig {
  region: string;
  workgroup: string;
  database: string;
  predictionsTable: string;
  outcomesTable: string;
  reportBucket: string;
  /** Ends with "/": reports go to `<prefix><YYYY-MM-DD>/` and `<prefix>latest/`. */
  reportPrefix: string;
  metricNamespace: string;
  /** The `Deployment` dimension of every metric. */
  deployment: string;
  windowDays: number;
  /** From the MONITOR_* settings `npm run monitor` reads too (api/src/monitoring/settings.ts). */
  thresholds: { psi: number; auc_drop: number; min_predictions: number; min_matched: number };
  cost: { fn: number; fp: number };
  modelDir: string;
  logLevel: LogLevel;
  /** Other endpoints than AWS's (stubs), per service. */
  endpoints: { athena?: string; s3?: string; cloudwatch?: string };
}

const glueName = Joi.string()
  .pattern(/^[a-z0-9_]{1,255}$/)
  .required()
  .messages({
    'string.pattern.base': '{#label} must be a Glue name (lowercase letters, digits, "_")',
  });
const url = httpUrl();

const schema = Joi.object({
  AWS_REGION: Joi.string()
    .pattern(/^[a-z]{2}(-[a-z]+)+-\d+$/)
    .default('eu-central-1'),
  ATHENA_WORKGROUP: Joi.string()
    .pattern(/^[A-Za-z0-9._-]{1,128}$/)
    .required(),
  PREDICTION_LOG_DATABASE: glueName,
  PREDICTIONS_TABLE: glueName,
  OUTCOMES_TABLE: glueName,
  REPORT_BUCKET: Joi.string()
    .pattern(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)
    .required(),
  REPORT_PREFIX: Joi.string()
    .pattern(/^([^/].*\/)?$/)
    .default('reports/')
    .messages({
      'string.pattern.base': 'REPORT_PREFIX must be empty or a folder ending in "/", without a leading "/"',
    }),
  METRIC_NAMESPACE: Joi.string().pattern(CUSTOM_METRIC_NAMESPACE).default(DEFAULT_METRIC_NAMESPACE),
  METRIC_DEPLOYMENT: Joi.string().min(1).max(255).required(),
  MONITOR_WINDOW_DAYS: Joi.number().integer().min(1).max(90).default(7),
  MODEL_DIR: Joi.string(),
  LOG_LEVEL: Joi.string()
    .lowercase()
    .valid(...LOG_LEVELS)
    .default('info'),
  ATHENA_ENDPOINT_URL: url,
  S3_ENDPOINT_URL: url,
  CLOUDWATCH_ENDPOINT_URL: url,
})
  .unknown(true)
  .prefs({ convert: true, abortEarly: true, errors: { wrap: { label: false } } });

/** Reads and validates the job's environment once; a bad or missing setting names itself. */
export function loadMonitorJobConfig(env: Environment): MonitorJobConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const { error, value } = schema.validate(present);
  if (error) {
    const setting = String(error.details[0]?.path[0] ?? 'configuration');
    throw new ConfigError(
      setting,
      `invalid setting ${setting}: ${error.details[0]?.message ?? error.message}`,
      {
        cause: error,
      },
    );
  }
  const settings = loadMonitorSettings(env);
  return {
    region: value.AWS_REGION,
    workgroup: value.ATHENA_WORKGROUP,
    database: value.PREDICTION_LOG_DATABASE,
    predictionsTable: value.PREDICTIONS_TABLE,
    outcomesTable: value.OUTCOMES_TABLE,
    reportBucket: value.REPORT_BUCKET,
    reportPrefix: value.REPORT_PREFIX,
    metricNamespace: value.METRIC_NAMESPACE,
    deployment: value.METRIC_DEPLOYMENT,
    windowDays: value.MONITOR_WINDOW_DAYS,
    thresholds: {
      psi: settings.psiThreshold,
      auc_drop: settings.aucDrop,
      min_predictions: settings.minPredictions,
      min_matched: settings.minMatched,
    },
    cost: { fn: settings.costFn, fp: settings.costFp },
    modelDir: value.MODEL_DIR ? path.resolve(value.MODEL_DIR) : DEFAULT_MODEL_DIR,
    logLevel: value.LOG_LEVEL,
    endpoints: {
      athena: value.ATHENA_ENDPOINT_URL,
      s3: value.S3_ENDPOINT_URL,
      cloudwatch: value.CLOUDWATCH_ENDPOINT_URL,
    },
  };
}
