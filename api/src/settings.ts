/**
 * What the API reads from its environment and where API Gateway serves it, exported so that the
 * infrastructure (modules/) sets exactly these names. Constants only: importing this file loads
 * nothing of the API.
 */

/** The environment variables the infrastructure sets for the API (config.ts reads them). */
export const API_ENV = {
  predictor: 'PREDICTOR',
  sagemakerEndpointName: 'SAGEMAKER_ENDPOINT_NAME',
  logLevel: 'LOG_LEVEL',
  threshold: 'CHURN_THRESHOLD',
} as const;

export type PredictorKind = 'local' | 'sagemaker';
export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The HTTP API stage: API Gateway puts it in front of every path (`/v1/predict`). */
export const API_STAGE = 'v1';
