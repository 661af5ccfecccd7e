import path from 'node:path';
import Joi from 'joi';
import { DEFAULT_MODEL_DIR } from '../src/config';
import { ConfigError } from '../src/errors';
import { FAULTS, Fault } from './faults';

export interface StubConfig {
  host: string;
  port: number;
  modelDir: string;
  endpoints: string[];
  region: string;
  accountId: string;
  fault?: Fault;
  latencyMs?: number;
  coldStartMs?: number;
}

export const DEFAULT_STUB_ENDPOINT = 'telco-churn';

const ms = Joi.number().integer().min(0).max(600_000);

const envSchema = Joi.object({
  HOST: Joi.string().default('127.0.0.1'),
  PORT: Joi.number().integer().min(0).max(65535).default(8080),
  MODEL_DIR: Joi.string(),
  // The API's own setting, so one `SAGEMAKER_ENDPOINT_NAME=x` serves both programs.
  SAGEMAKER_ENDPOINT_NAME: Joi.string(),
  STUB_ENDPOINTS: Joi.string()
    .pattern(/^[a-zA-Z0-9-]+(,[a-zA-Z0-9-]+)*$/)
    .messages({
      'string.pattern.base': 'STUB_ENDPOINTS must be endpoint names separated by commas',
    }),
  AWS_REGION: Joi.string().default('eu-central-1'),
  STUB_ACCOUNT_ID: Joi.string()
    .pattern(/^\d{12}$/)
    .default('000000000000')
    .messages({
      'string.pattern.base': 'STUB_ACCOUNT_ID must be 12 digits',
    }),
  STUB_FAULT: Joi.string().valid('none', ...FAULTS),
  STUB_LATENCY_MS: ms,
  STUB_COLD_START_MS: ms,
})
  .unknown(true)
  .prefs({ convert: true, abortEarly: true, errors: { wrap: { label: false } } });

/** The stub's settings, read once; a bad one throws a ConfigError naming it. */
export function loadStubConfig(env: NodeJS.ProcessEnv = process.env): StubConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const { error, value } = envSchema.validate(present);
  if (error) {
    const setting = String(error.details[0]?.path[0] ?? 'configuration');
    throw new ConfigError(
      setting,
      `invalid setting ${setting}: ${error.details[0]?.message ?? error.message}`,
      { cause: error },
    );
  }
  const endpoints = value.STUB_ENDPOINTS
    ? String(value.STUB_ENDPOINTS).split(',')
    : [value.SAGEMAKER_ENDPOINT_NAME ?? DEFAULT_STUB_ENDPOINT];
  return {
    host: value.HOST,
    port: value.PORT,
    modelDir: value.MODEL_DIR ? path.resolve(value.MODEL_DIR) : DEFAULT_MODEL_DIR,
    endpoints,
    region: value.AWS_REGION,
    accountId: value.STUB_ACCOUNT_ID,
    fault: value.STUB_FAULT === 'none' ? undefined : value.STUB_FAULT,
    latencyMs: value.STUB_LATENCY_MS,
    coldStartMs: value.STUB_COLD_START_MS,
  };
}
