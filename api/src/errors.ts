import type { FieldError } from '@telco-churn/core/contracts';

/**
 * Errors the API answers with. `message` is what the client reads, so it must be safe to show;
 * anything internal goes into `cause`, which is logged and never sent.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: FieldError[];
  /** Extra response headers, e.g. `Allow` on a 405 or `Retry-After` on a 503. */
  readonly headers?: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { cause?: unknown; details?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }
}

/** 422: the body was JSON but not a valid request; `details` names each field. */
export class ValidationError extends ApiError {
  constructor(details: FieldError[], message = 'the request is not valid') {
    super(422, 'validation_failed', message, { details });
    this.name = 'ValidationError';
  }
}

export type PredictorStatus = 502 | 503 | 504;

/**
 * A failure of the scoring backend, mapped to the status the client sees: 502 the backend
 * answered wrongly, 503 it is not ready (retry after `retryAfterSeconds`), 504 it timed out.
 * `message` must be understandable by a user; the backend's own words go into `cause`.
 */
export class PredictorError extends Error {
  readonly status: PredictorStatus;
  readonly code: string;
  readonly retryAfterSeconds?: number;

  constructor(
    status: PredictorStatus,
    code: string,
    message: string,
    options: { cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'PredictorError';
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A bad setting: stops start-up with the setting's name in the message. */
export class ConfigError extends Error {
  readonly setting: string;

  constructor(setting: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ConfigError';
    this.setting = setting;
  }
}
