import { PredictorError } from '../errors';
import { PayloadWidthError } from './sagemaker-csv';
import { ResponseFormatError } from './sagemaker-response';

/** Seconds a client should wait before retrying when the endpoint is still starting (serverless cold starts take seconds). */
export const MODEL_NOT_READY_RETRY_AFTER_SECONDS = 5;
export const THROTTLED_RETRY_AFTER_SECONDS = 2;

/** Raised by the predictor itself when an attempt outlives its time budget. */
export class InvokeTimeoutError extends Error {
  constructor(
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`InvokeEndpoint did not answer within ${timeoutMs} ms`, options);
    this.name = 'InvokeTimeoutError';
  }
}

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  OriginalStatusCode?: number;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
]);

/** Connection failures worth another attempt: the endpoint never saw the request or the socket died mid-answer. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

const NETWORK_MESSAGE = new RegExp(`socket hang up|\\b(${[...NETWORK_CODES].join('|')})\\b`);

const asSdk = (error: unknown): SdkErrorLike =>
  typeof error === 'object' && error !== null ? (error as SdkErrorLike) : {};

export function isNetworkError(error: unknown): boolean {
  const { code, message = '' } = asSdk(error);
  // The code, or the message when the SDK wrapped a Node error from another realm (jest) and lost it.
  return (code !== undefined && NETWORK_CODES.has(code)) || NETWORK_MESSAGE.test(message);
}

export function isThrottling(error: unknown): boolean {
  const { name, $metadata } = asSdk(error);
  return (
    (name !== undefined && THROTTLING.has(name)) ||
    ($metadata?.httpStatusCode === 429 && name !== 'ModelNotReadyException')
  );
}

/** A ModelError that says the container did not answer in time (serverless invocations stop at 60 s). */
export function isModelTimeout(error: unknown): boolean {
  const { name, message, OriginalStatusCode } = asSdk(error);
  return name === 'ModelError' && (OriginalStatusCode === 0 || /timed out/i.test(message ?? ''));
}

/**
 * Failures that may pass if tried again. ValidationError and ModelError never do: the same
 * payload meets the same endpoint and model. Timeouts are not retried either: the budget is spent.
 */
export function isRetryable(error: unknown): boolean {
  const { name } = asSdk(error);
  return (
    name === 'ModelNotReadyException' ||
    name === 'ServiceUnavailable' ||
    name === 'InternalDependencyException' ||
    isThrottling(error) ||
    isNetworkError(error)
  );
}

export function sageMakerRequestId(error: unknown): string | undefined {
  return asSdk(error).$metadata?.requestId;
}

/** What the client is told, in words a user understands; the SDK's own words stay in `cause`. */
export function toPredictorError(error: unknown): PredictorError {
  if (error instanceof PredictorError) return error;
  const cause = { cause: error };
  const { name } = asSdk(error);
  // The SDK names reset sockets "TimeoutError" too (code ECONNRESET): those are network failures.
  if (isNetworkError(error)) {
    return new PredictorError(
      502,
      'predictor_unreachable',
      'The prediction service could not be reached. Please try again later.',
      cause,
    );
  }
  if (error instanceof InvokeTimeoutError || name === 'TimeoutError') {
    return new PredictorError(
      504,
      'predictor_timeout',
      'The prediction service did not answer in time. Please try again.',
      cause,
    );
  }
  if (isModelTimeout(error)) {
    return new PredictorError(
      504,
      'predictor_timeout',
      'The prediction model took too long to answer. Please try again.',
      cause,
    );
  }
  if (name === 'ModelNotReadyException') {
    return new PredictorError(
      503,
      'model_not_ready',
      'The prediction model is starting up. Please try again in a few seconds.',
      {
        ...cause,
        retryAfterSeconds: MODEL_NOT_READY_RETRY_AFTER_SECONDS,
      },
    );
  }
  if (isThrottling(error)) {
    return new PredictorError(
      503,
      'predictor_busy',
      'The prediction service is busy. Please try again shortly.',
      {
        ...cause,
        retryAfterSeconds: THROTTLED_RETRY_AFTER_SECONDS,
      },
    );
  }
  if (error instanceof ResponseFormatError || error instanceof SyntaxError) {
    return new PredictorError(
      502,
      'predictor_bad_response',
      'The prediction service sent an answer that could not be read.',
      cause,
    );
  }
  if (error instanceof PayloadWidthError) {
    return new PredictorError(
      502,
      'predictor_bad_request',
      'The features prepared for the prediction model do not have the width it expects.',
      cause,
    );
  }
  switch (name) {
    case 'ValidationError':
      return new PredictorError(
        502,
        'predictor_rejected',
        'The prediction service rejected the request: the endpoint is missing or misconfigured.',
        cause,
      );
    case 'ModelError':
      return new PredictorError(
        502,
        'model_error',
        'The prediction model failed to score this request.',
        cause,
      );
    case 'ServiceUnavailable':
    case 'InternalDependencyException':
      return new PredictorError(
        502,
        'predictor_unavailable',
        'The prediction service is unavailable right now. Please try again later.',
        cause,
      );
    case 'CredentialsProviderError':
    case 'AccessDeniedException':
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'ExpiredTokenException':
      return new PredictorError(
        502,
        'predictor_forbidden',
        'The API is not allowed to call the prediction service (credentials or permissions).',
        cause,
      );
    default:
      return new PredictorError(502, 'predictor_failed', 'The prediction service failed to answer.', cause);
  }
}
