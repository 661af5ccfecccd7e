import Joi from 'joi';
import { LOG_RETENTION_DAYS } from '../shared/logs';
import { SettingName, SETTINGS } from './settings';

export { SETTINGS } from './settings';
export type { SettingName } from './settings';

/** The validated infrastructure settings (see SETTINGS and modules/README.md). */
export interface InfraConfig {
  readonly namePrefix: string;
  readonly environment: string;
  readonly region: string;
  /** Undefined: the stack takes the region's first two available zones (aws_availability_zones). */
  readonly availabilityZones?: readonly string[];
  readonly vpcCidr: string;
  readonly singleNatGateway: boolean;
  readonly vpcFlowLogs: 'REJECT' | 'ALL' | 'NONE';
  readonly apiImageTag: string;
  readonly uiImageTag: string;
  readonly modelKey: string;
  readonly modelDataUrl?: string;
  readonly sagemakerMemoryMb: number;
  readonly sagemakerMaxConcurrency: number;
  readonly lambdaMemoryMb: number;
  readonly churnThreshold?: number;
  readonly logLevel: 'error' | 'warn' | 'info' | 'debug';
  readonly uiCpu: number;
  readonly uiMemoryMb: number;
  readonly uiDesiredCount: number;
  readonly uiMinCount: number;
  readonly uiMaxCount: number;
  readonly uiCpuTargetPercent: number;
  readonly fargateSpotWeight: number;
  readonly alarmEmail?: string;
  readonly certificateArn?: string;
  readonly allowedIngressCidrs: readonly string[];
  readonly logRetentionDays: number;
  readonly permissionsBoundaryArn?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    detail: string,
  ) {
    const env = SETTINGS[setting as SettingName]?.env;
    super(`infrastructure config: ${setting}${env ? ` (env ${env})` : ''}: ${detail}`);
    this.name = 'ConfigError';
  }
}

const imageTag = Joi.string()
  .pattern(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/)
  .default('latest');
const int = () => Joi.number().integer();

const schema = Joi.object<InfraConfig>({
  namePrefix: Joi.string()
    .pattern(/^[a-z][a-z0-9-]{0,11}$/)
    .default('churn')
    .messages({
      'string.pattern.base': 'must be 1..12 lowercase letters, digits or "-", starting with a letter',
    }),
  environment: Joi.string()
    .pattern(/^[a-z][a-z0-9]{0,7}$/)
    .default('dev')
    .messages({ 'string.pattern.base': 'must be 1..8 lowercase letters or digits, starting with a letter' }),
  region: Joi.string()
    .pattern(/^[a-z]{2}(-[a-z]+)+-\d$/)
    .default('eu-central-1')
    .messages({ 'string.pattern.base': 'must be a region code like eu-central-1' }),
  availabilityZones: Joi.array()
    .items(Joi.string().pattern(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/))
    .min(2)
    .unique(),
  vpcCidr: Joi.string().default('10.0.0.0/16'),
  singleNatGateway: Joi.boolean().default(false),
  vpcFlowLogs: Joi.string().valid('REJECT', 'ALL', 'NONE').default('REJECT'),
  apiImageTag: imageTag,
  uiImageTag: imageTag,
  modelKey: Joi.string()
    .pattern(/^[^/].*\.tar\.gz$/)
    .default('models/model.tar.gz')
    .messages({ 'string.pattern.base': 'must be a key like models/<hash>/model.tar.gz' }),
  modelDataUrl: Joi.string()
    .pattern(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+\.tar\.gz$/)
    .messages({ 'string.pattern.base': 'must be an s3://bucket/key.tar.gz URI' }),
  sagemakerMemoryMb: int().valid(1024, 2048, 3072, 4096, 5120, 6144).default(2048),
  sagemakerMaxConcurrency: int().min(1).max(200).default(5),
  lambdaMemoryMb: int().min(128).max(10240).default(1024),
  churnThreshold: Joi.number().greater(0).less(1),
  logLevel: Joi.string().valid('error', 'warn', 'info', 'debug').default('info'),
  uiCpu: int().valid(256, 512, 1024, 2048, 4096, 8192, 16384).default(512),
  uiMemoryMb: int().min(512).default(1024),
  uiDesiredCount: int().min(0).default(2),
  uiMinCount: int().min(0).default(1),
  uiMaxCount: int().min(1).default(4),
  uiCpuTargetPercent: Joi.number().greater(0).max(100).default(60),
  fargateSpotWeight: int().min(0).max(1000).default(0),
  alarmEmail: Joi.string().email({ tlds: false }),
  certificateArn: Joi.string()
    .pattern(/^arn:[^:]+:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/)
    .messages({ 'string.pattern.base': 'must be an ACM certificate ARN' }),
  allowedIngressCidrs: Joi.array()
    .items(Joi.string().pattern(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/))
    .min(1)
    .default(['0.0.0.0/0']),
  logRetentionDays: int()
    .valid(...LOG_RETENTION_DAYS)
    .default(30),
  permissionsBoundaryArn: Joi.string().pattern(/^arn:[^:]+:iam::\d{12}:policy\/.+$/),
  tags: Joi.object()
    .pattern(/^(?!aws:).{1,128}$/i, Joi.string().max(256))
    .default({}),
});

export type Env = Readonly<Record<string, string | undefined>>;
export type RawSettings = Partial<Record<SettingName, unknown>>;

/** Environment values are strings: lists are comma-separated, tags are a JSON object. */
export function settingsFromEnv(env: Env): RawSettings {
  const out: RawSettings = {};
  for (const [name, { env: variable }] of Object.entries(SETTINGS) as Array<[SettingName, { env: string }]>) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    if (name === 'availabilityZones' || name === 'allowedIngressCidrs') {
      out[name] = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    } else if (name === 'tags') {
      try {
        out.tags = JSON.parse(value);
      } catch (cause) {
        throw Object.assign(
          new ConfigError('tags', `${variable} is not a JSON object: ${(cause as Error).message}`),
          { cause },
        );
      }
    } else {
      out[name] = value;
    }
  }
  return out;
}

/**
 * Validates settings from cdktf.json's `context` overlaid by the environment. Stops at the first
 * bad setting (all problems are listed in one message) and names each one.
 */
export function loadConfig(context: RawSettings, env: Env = process.env): InfraConfig {
  const unknown = Object.keys(context).filter((k) => !(k in SETTINGS));
  if (unknown.length > 0)
    throw new ConfigError(
      unknown[0],
      `unknown setting in cdktf.json context; known: ${Object.keys(SETTINGS).join(', ')}`,
    );
  const merged = { ...context, ...settingsFromEnv(env) };
  const { value, error } = schema.validate(merged, { abortEarly: false, convert: true });
  if (error) {
    const first = error.details[0];
    const others = error.details.slice(1).map((d) => `${d.path.join('.')}: ${d.message}`);
    throw new ConfigError(
      String(first.path[0]),
      `${first.message}${others.length ? `; also ${others.join('; ')}` : ''}`,
    );
  }
  // No "<region>a/b" default: not every region has a "b" for new subnets (ap-northeast-1).
  const foreign = value.availabilityZones?.find((az) => !az.startsWith(value.region));
  if (foreign) throw new ConfigError('availabilityZones', `${foreign} is not in region ${value.region}`);
  // An ALB only accepts a certificate from its own region.
  const certRegion = value.certificateArn?.split(':')[3];
  if (certRegion !== undefined && certRegion !== value.region) {
    throw new ConfigError(
      'certificateArn',
      `the certificate is in ${certRegion}, but the ALB is in ${value.region}: request or import it in ${value.region}`,
    );
  }
  if (value.uiMaxCount < value.uiMinCount)
    throw new ConfigError('uiMaxCount', `${value.uiMaxCount} is below uiMinCount ${value.uiMinCount}`);
  if (value.uiDesiredCount < value.uiMinCount || value.uiDesiredCount > value.uiMaxCount) {
    throw new ConfigError(
      'uiDesiredCount',
      `${value.uiDesiredCount} must lie within uiMinCount..uiMaxCount (${value.uiMinCount}..${value.uiMaxCount})`,
    );
  }
  return value;
}

/** `<namePrefix>-<environment>`: the stem of every resource name. */
export function stem(config: InfraConfig): string {
  return `${config.namePrefix}-${config.environment}`;
}

/** Tags every taggable resource carries; the policy suite requires these keys. */
export const REQUIRED_TAG_KEYS = ['Project', 'Environment', 'ManagedBy'] as const;

export function projectTags(config: InfraConfig): Record<string, string> {
  return { ...config.tags, Project: 'telco-churn', Environment: config.environment, ManagedBy: 'cdktf' };
}
