/** A bad setting: start-up stops with the setting's name in the message. */
export class ConfigError extends Error {
  readonly setting: string;

  constructor(setting: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ConfigError';
    this.setting = setting;
  }
}

/**
 * A bad command line: the command prints the message (and its usage line, when given) instead
 * of a stack trace, and exits non-zero.
 */
export class UsageError extends Error {
  constructor(message: string, usage?: string, options: { cause?: unknown } = {}) {
    super(usage ? `${message}\n\nusage: ${usage}` : message, { cause: options.cause });
    this.name = 'UsageError';
  }
}
