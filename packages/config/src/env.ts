import type Joi from 'joi';
import { ConfigError } from './errors';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Empty variables count as unset: `FOO= npm start` must not fail on FOO. */
export function withoutEmpty(env: Environment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && value.trim() !== '') out[key] = value;
  return out;
}

export interface LoadEnvOptions {
  /** Report every bad setting (one ConfigError listing them) instead of the first. */
  all?: boolean;
}

/**
 * Validates the environment against a joi schema once; the first bad setting (or, with `all`,
 * every one) throws a ConfigError that names it. Unknown variables are allowed: the environment
 * holds much more than one program's settings.
 */
export function loadEnv<T>(schema: Joi.ObjectSchema<T>, env: Environment, options: LoadEnvOptions = {}): T {
  const { error, value } = schema.validate(withoutEmpty(env), {
    abortEarly: !options.all,
    convert: true,
    allowUnknown: true,
    errors: { wrap: { label: false } },
  });
  if (!error) return value;
  const settings = [...new Set(error.details.map((detail) => String(detail.path[0] ?? 'configuration')))];
  const messages = error.details.map((detail) => detail.message);
  const message =
    messages.length === 1
      ? `invalid setting ${settings[0]}: ${messages[0]}`
      : `invalid settings: ${messages.join('; ')}`;
  throw new ConfigError(settings.join(', '), message, { cause: error });
}
