/**
 * The settings of the SageMaker scripts, read once from the environment and validated: a bad
 * value stops the run before any AWS call, with the variable's name in the message.
 */
import Joi from 'joi';
import { SageMakerConfigError } from './errors';

export interface SageMakerSettings {
  region: string;
  /** Bucket for data, model artifacts and batch-transform output. */
  bucket: string;
  /** Key prefix inside the bucket, without slashes at either end. */
  prefix: string;
  /** Execution role SageMaker assumes to read the data and write the model; needed by jobs. */
  roleArn?: string;
  training: {
    instanceType: string;
    instanceCount: number;
    volumeSizeGb: number;
    maxRuntimeSeconds: number;
    /** Managed spot training: up to ~70% cheaper, may wait for capacity. */
    spot: boolean;
  };
  transform: { instanceType: string; instanceCount: number };
  polling: { minDelayMs: number; maxDelayMs: number; timeoutMs: number };
}

const INSTANCE = /^ml\.[a-z0-9]+\.[a-z0-9]+$/;
const instance = (name: string, fallback: string): Joi.Schema =>
  Joi.string()
    .pattern(INSTANCE)
    .default(fallback)
    .messages({ 'string.pattern.base': `${name} must be a SageMaker instance type such as "ml.m5.large"` });

const envSchema = Joi.object({
  AWS_REGION: Joi.string()
    .pattern(/^[a-z]{2}(-[a-z]+)+-\d+$/)
    .default('eu-central-1')
    .messages({ 'string.pattern.base': 'AWS_REGION must be a region name such as "eu-central-1"' }),
  SAGEMAKER_BUCKET: Joi.string()
    .pattern(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)
    .required()
    .messages({
      'any.required': 'SAGEMAKER_BUCKET is required: the S3 bucket for training data and model artifacts',
      'string.pattern.base':
        'SAGEMAKER_BUCKET must be an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)',
    }),
  SAGEMAKER_PREFIX: Joi.string()
    .pattern(/^[a-zA-Z0-9!_.*'()/-]+$/)
    .default('telco-churn')
    .messages({
      'string.pattern.base': "SAGEMAKER_PREFIX must be an S3 key prefix (letters, digits, / - _ . ! * ' ( ))",
    }),
  SAGEMAKER_ROLE_ARN: Joi.string()
    .pattern(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/)
    .messages({
      'string.pattern.base':
        'SAGEMAKER_ROLE_ARN must be an IAM role ARN such as "arn:aws:iam::123456789012:role/SageMakerExecution"',
    }),
  SAGEMAKER_TRAINING_INSTANCE_TYPE: instance('SAGEMAKER_TRAINING_INSTANCE_TYPE', 'ml.m5.large'),
  SAGEMAKER_TRAINING_INSTANCE_COUNT: Joi.number().integer().min(1).max(20).default(1),
  SAGEMAKER_TRAINING_VOLUME_GB: Joi.number().integer().min(1).max(16384).default(10),
  SAGEMAKER_MAX_RUNTIME_SECONDS: Joi.number().integer().min(60).max(2_419_200).default(3600),
  SAGEMAKER_USE_SPOT: Joi.boolean().truthy('1').falsy('0').default(false),
  SAGEMAKER_TRANSFORM_INSTANCE_TYPE: instance('SAGEMAKER_TRANSFORM_INSTANCE_TYPE', 'ml.m5.large'),
  SAGEMAKER_TRANSFORM_INSTANCE_COUNT: Joi.number().integer().min(1).max(100).default(1),
  SAGEMAKER_POLL_SECONDS: Joi.number().min(1).max(600).default(15),
  SAGEMAKER_POLL_MAX_SECONDS: Joi.number().min(1).max(600).default(60),
  SAGEMAKER_WAIT_TIMEOUT_MINUTES: Joi.number()
    .min(1)
    .max(7 * 24 * 60)
    .default(240),
})
  .unknown(true)
  .prefs({ abortEarly: true, convert: true, errors: { wrap: { label: false } } });

/** Reads and checks the environment; `needsRole` for the steps that start jobs. */
export function loadSettings(
  env: Record<string, string | undefined> = process.env,
  needsRole = false,
): SageMakerSettings {
  const { error, value } = envSchema.validate(env);
  if (error) throw new SageMakerConfigError(String(error.details[0].path[0]), error.message);
  if (needsRole && !value.SAGEMAKER_ROLE_ARN) {
    throw new SageMakerConfigError(
      'SAGEMAKER_ROLE_ARN',
      'SAGEMAKER_ROLE_ARN is required to start SageMaker jobs: the execution role (the iam construct creates one)',
    );
  }
  if (value.SAGEMAKER_POLL_MAX_SECONDS < value.SAGEMAKER_POLL_SECONDS) {
    throw new SageMakerConfigError(
      'SAGEMAKER_POLL_MAX_SECONDS',
      'SAGEMAKER_POLL_MAX_SECONDS must be at least SAGEMAKER_POLL_SECONDS',
    );
  }
  return {
    region: value.AWS_REGION,
    bucket: value.SAGEMAKER_BUCKET,
    prefix: value.SAGEMAKER_PREFIX.replace(/^\/+|\/+$/g, ''),
    roleArn: value.SAGEMAKER_ROLE_ARN,
    training: {
      instanceType: value.SAGEMAKER_TRAINING_INSTANCE_TYPE,
      instanceCount: value.SAGEMAKER_TRAINING_INSTANCE_COUNT,
      volumeSizeGb: value.SAGEMAKER_TRAINING_VOLUME_GB,
      maxRuntimeSeconds: value.SAGEMAKER_MAX_RUNTIME_SECONDS,
      spot: value.SAGEMAKER_USE_SPOT,
    },
    transform: {
      instanceType: value.SAGEMAKER_TRANSFORM_INSTANCE_TYPE,
      instanceCount: value.SAGEMAKER_TRANSFORM_INSTANCE_COUNT,
    },
    polling: {
      minDelayMs: value.SAGEMAKER_POLL_SECONDS * 1000,
      maxDelayMs: value.SAGEMAKER_POLL_MAX_SECONDS * 1000,
      timeoutMs: value.SAGEMAKER_WAIT_TIMEOUT_MINUTES * 60_000,
    },
  };
}

/** The hyper-parameters SageMaker's XGBoost 1.7-1 takes from us, with XGBoost's names and ranges. */
const hyperparameterSchema = Joi.object({
  objective: Joi.string().valid('binary:logistic').default('binary:logistic'),
  eval_metric: Joi.string().valid('auc', 'logloss', 'error', 'aucpr').default('auc'),
  num_round: Joi.number().integer().min(1).max(10_000).default(100),
  eta: Joi.number().greater(0).max(1),
  max_depth: Joi.number().integer().min(0).max(30),
  min_child_weight: Joi.number().min(0),
  gamma: Joi.number().min(0),
  lambda: Joi.number().min(0),
  alpha: Joi.number().min(0),
  subsample: Joi.number().greater(0).max(1),
  colsample_bytree: Joi.number().greater(0).max(1),
  scale_pos_weight: Joi.number().greater(0),
  base_score: Joi.number().greater(0).less(1),
  seed: Joi.number().integer(),
  early_stopping_rounds: Joi.number().integer().min(1),
  tree_method: Joi.string().valid('auto', 'exact', 'approx', 'hist'),
  max_delta_step: Joi.number().min(0),
  // The local pipeline's class balancing, written beside the parameters in metrics.json.
  balance: Joi.string().valid('none', 'weight', 'smote'),
})
  .prefs({ abortEarly: false, convert: false, errors: { wrap: { label: false } } })
  .messages({
    'object.unknown':
      '{{#label}} is not a hyper-parameter of SageMaker XGBoost 1.7-1 that these scripts pass on',
  });

/**
 * Hyper-parameters as SageMaker wants them (a map of strings), from the JSON that local training
 * wrote: `metrics.json` (its `hyperparameters`) or a plain object. Every problem is named.
 * `balance: "weight"` (positives weighted up to match the negatives) becomes XGBoost's
 * `scale_pos_weight` = negatives / positives of the training rows; `"smote"` needs nothing here,
 * because the resampled rows are in the training CSV itself (`npm run preprocess -- --smote`).
 */
export function toSageMakerHyperparameters(
  json: unknown,
  source = 'hyper-parameters',
  training?: { rows: number; positives: number },
): Record<string, string> {
  const raw =
    json && typeof json === 'object' && 'hyperparameters' in json
      ? (json as { hyperparameters: unknown }).hyperparameters
      : json;
  const { error, value } = hyperparameterSchema.validate(raw ?? {});
  if (error)
    throw new SageMakerConfigError(source, `${source}: ${error.details.map((d) => d.message).join('; ')}`);
  const { balance, ...params } = value as Record<string, string | number>;
  if (balance === 'weight' && params.scale_pos_weight === undefined) {
    if (!training || training.positives === 0) {
      throw new SageMakerConfigError(
        source,
        `${source}: balance "weight" needs the class counts of the training rows`,
      );
    }
    params.scale_pos_weight =
      Math.round(((training.rows - training.positives) / training.positives) * 1e6) / 1e6;
  }
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
}

const file = (name: string): Joi.Schema =>
  Joi.string()
    .min(1)
    .messages({ 'string.min': `--${name} needs a file path` });
const s3 = (name: string): Joi.Schema =>
  Joi.string()
    .pattern(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.*$/)
    .messages({ 'string.pattern.base': `--${name} must be an S3 URI like s3://bucket/key` });
const threshold = Joi.number().greater(0).less(1).default(0.5);

/** The options of each command, after `parseArgs` (strings and booleans). */
export const COMMAND_OPTIONS = {
  train: Joi.object({
    train: file('train').required(),
    validation: file('validation').required(),
    test: file('test'),
    hyperparameters: file('hyperparameters'),
    'model-params': file('model-params'),
    out: file('out'),
    threshold,
    tune: Joi.boolean().default(false),
    'max-jobs': Joi.number().integer().min(1).max(500).default(20),
    'max-parallel': Joi.number().integer().min(1).max(100).default(2),
  }),
  evaluate: Joi.object({
    model: Joi.alternatives(s3('model'), file('model')).required(),
    test: file('test').required(),
    threshold,
  }),
  transform: Joi.object({
    'model-uri': s3('model-uri').required(),
    input: s3('input').required(),
    output: s3('output'),
    'first-column-is-key': Joi.boolean().default(false),
  }),
} as const;

export type CommandName = keyof typeof COMMAND_OPTIONS;

export function validateOptions<T>(command: CommandName, values: Record<string, unknown>): T {
  const { error, value } = COMMAND_OPTIONS[command]
    .prefs({ convert: true, abortEarly: true, errors: { wrap: { label: false } } })
    .messages({
      'any.required': '--{{#label}} is required',
      'object.unknown': '--{{#label}} is not an option of this command',
    })
    .validate(values);
  if (error) throw new SageMakerConfigError(`--${String(error.details[0].path[0])}`, error.message);
  return value as T;
}
