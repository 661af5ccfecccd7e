import Joi from 'joi';

/**
 * The UI server's settings, read from the environment once and validated. In production the
 * server refuses to start without a password hash and a strong session secret; in development
 * (`next dev`) it falls back to the documented local credentials admin / churn-demo.
 */
export interface UiConfig {
  apiUrl: string;
  apiAuth: 'none' | 'iam';
  apiTimeoutMs: number;
  awsRegion: string;
  adminUsername: string;
  /** bcrypt hash; undefined only in development, where DEV_PASSWORD applies. */
  adminPasswordHash?: string;
  sessionSecret: string;
  sessionMaxAgeSeconds: number;
  cookieSecure: boolean;
  /**
   * How many proxies in front of the server append to X-Forwarded-For (1 behind the ALB). 0: the
   * header is the client's own words and the socket's peer address identifies the client.
   */
  trustedProxyHops: number;
  production: boolean;
}

export const DEV_USERNAME = 'admin';
export const DEV_PASSWORD = 'churn-demo';
// Development only: a fixed secret so sessions survive `next dev` reloads. Never used in production.
const DEV_SESSION_SECRET = 'development-only-session-secret-not-for-production';
const MIN_SECRET_LENGTH = 32;

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

const BCRYPT = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

const envSchema = Joi.object({
  NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
  API_URL: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .default('http://127.0.0.1:8000')
    .messages({ 'string.uri': 'API_URL must be an http(s) URL, e.g. http://127.0.0.1:8000' }),
  API_AUTH: Joi.string()
    .valid('none', 'iam')
    .default('none')
    .messages({ 'any.only': 'API_AUTH must be "none" or "iam"' }),
  API_TIMEOUT_MS: Joi.number().integer().min(100).max(120000).default(29000),
  AWS_REGION: Joi.string()
    .pattern(/^[a-z]{2}(-[a-z]+)+-\d$/)
    .default('eu-central-1')
    .messages({ 'string.pattern.base': 'AWS_REGION must look like eu-central-1' }),
  ADMIN_USERNAME: Joi.string().trim().min(1).max(64).default(DEV_USERNAME),
  ADMIN_PASSWORD_HASH: Joi.string().pattern(BCRYPT).messages({
    'string.pattern.base':
      'ADMIN_PASSWORD_HASH must be a bcrypt hash (make one with `npm run hash-password`)',
  }),
  SESSION_SECRET: Joi.string(),
  SESSION_MAX_AGE_SECONDS: Joi.number()
    .integer()
    .min(60)
    .max(604800)
    .default(8 * 3600),
  COOKIE_SECURE: Joi.string().valid('true', 'false'),
  TRUSTED_PROXY_HOPS: Joi.number().integer().min(0).max(5).default(0).messages({
    'number.base':
      'TRUSTED_PROXY_HOPS must be the number of proxies in front of the UI (0 to 5; 1 behind an ALB)',
    'number.integer': 'TRUSTED_PROXY_HOPS must be a whole number of proxies (0 to 5; 1 behind an ALB)',
    'number.min': 'TRUSTED_PROXY_HOPS must be between 0 and 5 (1 behind an ALB)',
    'number.max': 'TRUSTED_PROXY_HOPS must be between 0 and 5 (1 behind an ALB)',
  }),
}).unknown(true);

/** Validates an environment; throws a ConfigError naming every bad or missing setting. */
export function parseConfig(env: NodeJS.ProcessEnv): UiConfig {
  // Empty variables count as unset, as in the API: `SESSION_SECRET= npm start` must not fail on it.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const { error, value } = envSchema.validate(set, {
    abortEarly: false,
    convert: true,
    errors: { wrap: { label: false } },
  });
  const problems = error ? error.details.map((d) => d.message) : [];
  const production = value.NODE_ENV === 'production';
  if (production) {
    if (!value.ADMIN_PASSWORD_HASH)
      problems.push('ADMIN_PASSWORD_HASH is required in production (make one with `npm run hash-password`)');
    if (!value.SESSION_SECRET)
      problems.push(`SESSION_SECRET is required in production (at least ${MIN_SECRET_LENGTH} characters)`);
  }
  if (value.SESSION_SECRET !== undefined && value.SESSION_SECRET.length < MIN_SECRET_LENGTH && production)
    problems.push(`SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters long`);
  if (problems.length > 0)
    throw new ConfigError(`invalid UI configuration: ${problems.join('; ')}`, problems);
  return {
    apiUrl: value.API_URL.replace(/\/+$/, ''),
    apiAuth: value.API_AUTH,
    apiTimeoutMs: value.API_TIMEOUT_MS,
    awsRegion: value.AWS_REGION,
    adminUsername: value.ADMIN_USERNAME,
    adminPasswordHash: value.ADMIN_PASSWORD_HASH,
    sessionSecret: value.SESSION_SECRET ?? DEV_SESSION_SECRET,
    sessionMaxAgeSeconds: value.SESSION_MAX_AGE_SECONDS,
    cookieSecure: value.COOKIE_SECURE === undefined ? production : value.COOKIE_SECURE === 'true',
    trustedProxyHops: value.TRUSTED_PROXY_HOPS,
    production,
  };
}

let cached: UiConfig | undefined;

/** The process's configuration, validated on first use (instrumentation.ts calls it at start-up). */
export function getConfig(): UiConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
