import path from 'node:path';
import Joi from 'joi';
import { loadEnv, type Environment } from '@telco-churn/config/env';
import { httpUrl } from '@telco-churn/config/url';
import { LOG_LEVELS, type LogLevel, type PredictorKind } from './settings';

export type { LogLevel, PredictorKind };
export { LOG_LEVELS };

export interface SageMakerConfig {
  /** Required when the predictor is `sagemaker`. */
  endpointName?: string;
  /** eu-central-1 unless AWS_REGION says otherwise (Lambda always sets it). */
  region: string;
  /** Overrides the SDK's endpoint, e.g. the local stub `http://127.0.0.1:8080`. */
  endpointUrl?: string;
  timeoutMs: number;
  maxAttempts: number;
}

export type PredictionLogKind = 'jsonl' | 'firehose' | 'off';

export interface PredictionLogConfig {
  /** jsonl locally; off by default on Lambda (its disk is read-only); firehose on AWS. */
  kind: PredictionLogKind;
  /** Absolute path of the JSON-lines folder (jsonl). */
  dir: string;
  /** Longest a record waits in memory before its batch is written. */
  flushMs: number;
  firehose?: { predictionsStream: string; outcomesStream: string; endpointUrl?: string };
}

export interface Config {
  predictor: PredictorKind;
  sagemaker: SageMakerConfig;
  /** Absolute path of the model artifact directory. */
  modelDir: string;
  /** Overrides the model's decision threshold when set. */
  threshold?: number;
  logLevel: LogLevel;
  /** Largest JSON body accepted, in the `bytes` package's notation ("1mb"). */
  bodyLimit: string;
  port: number;
  predictionLog: PredictionLogConfig;
  /** A second model scored in the shadow of every request (logged, never served). */
  challengerModelDir?: string;
  /** Interface the local server listens on: loopback unless HOST opens it. */
  host: string;
}

/**
 * The shipped model, found from this file rather than the working directory so the server
 * runs from anywhere. Bundles (Lambda) move this file, so they set MODEL_DIR explicitly.
 */
export const DEFAULT_MODEL_DIR = path.resolve(__dirname, '..', 'model-artifact');

/** Git-ignored (`var/`), beside the repository, so `npm start` logs without any setting. */
export const DEFAULT_PREDICTION_LOG_DIR = path.resolve(__dirname, '..', '..', 'var', 'prediction-log');

// API Gateway HTTP APIs give up after 30 s, so one SageMaker call must end well before that.
const DEFAULT_TIMEOUT_MS = 20_000;

const envSchema = Joi.object({
  PREDICTOR: Joi.string().valid('local', 'sagemaker'),
  SAGEMAKER_ENDPOINT_NAME: Joi.string()
    .pattern(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/)
    .when('PREDICTOR', { is: 'sagemaker', then: Joi.required() })
    .messages({
      'string.pattern.base':
        'SAGEMAKER_ENDPOINT_NAME must be a SageMaker endpoint name (letters, digits, hyphens, at most 63)',
      'any.required': 'SAGEMAKER_ENDPOINT_NAME is required when PREDICTOR is "sagemaker"',
    }),
  AWS_REGION: Joi.string()
    .pattern(/^[a-z]{2}(-[a-z]+)+-\d+$/)
    .default('eu-central-1')
    .messages({
      'string.pattern.base': 'AWS_REGION must be a region name such as "eu-central-1"',
    }),
  SAGEMAKER_ENDPOINT_URL: httpUrl(),
  SAGEMAKER_TIMEOUT_MS: Joi.number().integer().min(1).max(120_000).default(DEFAULT_TIMEOUT_MS),
  SAGEMAKER_MAX_ATTEMPTS: Joi.number().integer().min(1).max(10).default(3),
  MODEL_DIR: Joi.string(),
  CHURN_THRESHOLD: Joi.number().greater(0).less(1),
  LOG_LEVEL: Joi.string()
    .lowercase()
    .valid(...LOG_LEVELS)
    .default('info'),
  BODY_LIMIT: Joi.string()
    .pattern(/^\d+(\.\d+)?\s*(b|kb|mb)?$/i)
    .default('1mb')
    .messages({ 'string.pattern.base': 'BODY_LIMIT must be a size such as "1mb", "512kb" or "100000"' }),
  PORT: Joi.number().integer().min(0).max(65535).default(8000),
  PREDICTION_LOG: Joi.string().lowercase().valid('jsonl', 'firehose', 'off'),
  PREDICTION_LOG_DIR: Joi.string(),
  PREDICTION_LOG_FLUSH_MS: Joi.number().integer().min(1).max(60_000).default(200),
  FIREHOSE_PREDICTIONS_STREAM: Joi.string()
    .pattern(/^[a-zA-Z0-9_.-]{1,64}$/)
    .when('PREDICTION_LOG', { is: 'firehose', then: Joi.required() })
    .messages({
      'string.pattern.base': 'FIREHOSE_PREDICTIONS_STREAM must be a Firehose stream name',
      'any.required': 'FIREHOSE_PREDICTIONS_STREAM is required when PREDICTION_LOG is "firehose"',
    }),
  FIREHOSE_OUTCOMES_STREAM: Joi.string()
    .pattern(/^[a-zA-Z0-9_.-]{1,64}$/)
    .when('PREDICTION_LOG', { is: 'firehose', then: Joi.required() })
    .messages({
      'string.pattern.base': 'FIREHOSE_OUTCOMES_STREAM must be a Firehose stream name',
      'any.required': 'FIREHOSE_OUTCOMES_STREAM is required when PREDICTION_LOG is "firehose"',
    }),
  FIREHOSE_ENDPOINT_URL: httpUrl(),
  CHALLENGER_MODEL_DIR: Joi.string(),
  // The API has no authentication of its own (API Gateway's IAM auth guards it on AWS, the UI's
  // sign-in locally): it stays on loopback unless told otherwise, as the stub does.
  HOST: Joi.string().hostname().default('127.0.0.1').messages({
    'string.hostname': 'HOST must be an interface address or host name, e.g. 127.0.0.1 or 0.0.0.0',
  }),
});

/** Reads and validates the settings once; a bad one throws a ConfigError naming it. */
export function loadConfig(env: Environment = process.env): Config {
  const value = loadEnv(envSchema, env);
  const predictor: PredictorKind = value.PREDICTOR ?? (value.SAGEMAKER_ENDPOINT_NAME ? 'sagemaker' : 'local');
  return {
    predictor,
    sagemaker: {
      endpointName: value.SAGEMAKER_ENDPOINT_NAME,
      region: value.AWS_REGION,
      endpointUrl: value.SAGEMAKER_ENDPOINT_URL,
      timeoutMs: value.SAGEMAKER_TIMEOUT_MS,
      maxAttempts: value.SAGEMAKER_MAX_ATTEMPTS,
    },
    modelDir: value.MODEL_DIR ? path.resolve(value.MODEL_DIR) : DEFAULT_MODEL_DIR,
    threshold: value.CHURN_THRESHOLD,
    logLevel: value.LOG_LEVEL,
    bodyLimit: value.BODY_LIMIT,
    port: value.PORT,
    predictionLog: {
      kind: value.PREDICTION_LOG ?? (env.AWS_LAMBDA_FUNCTION_NAME ? 'off' : 'jsonl'),
      dir: value.PREDICTION_LOG_DIR ? path.resolve(value.PREDICTION_LOG_DIR) : DEFAULT_PREDICTION_LOG_DIR,
      flushMs: value.PREDICTION_LOG_FLUSH_MS,
      firehose:
        value.PREDICTION_LOG === 'firehose'
          ? {
              predictionsStream: value.FIREHOSE_PREDICTIONS_STREAM,
              outcomesStream: value.FIREHOSE_OUTCOMES_STREAM,
              endpointUrl: value.FIREHOSE_ENDPOINT_URL,
            }
          : undefined,
    },
    challengerModelDir: value.CHALLENGER_MODEL_DIR ? path.resolve(value.CHALLENGER_MODEL_DIR) : undefined,
    host: value.HOST,
  };
}
