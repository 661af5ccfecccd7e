import { PredictorError, PredictorStatus } from '../errors';
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

/** What the client is told for each kind of failure, in words a user understands. */
const ANSWERS = {
  predictor_unreachable: [502, 'The prediction service could not be reached. Please try again later.'],
  predictor_timeout: [504, 'The prediction service did not answer in time. Please try again.'],
  model_timeout: [504, 'The prediction model took too long to answer. Please try again.'],
  model_not_ready: [503, 'The prediction model is starting up. Please try again in a few seconds.'],
  predictor_busy: [503, 'The prediction service is busy. Please try again shortly.'],
  predictor_bad_response: [502, 'The prediction service sent an answer that could not be read.'],
  predictor_bad_request: [
    502,
    'The features prepared for the prediction model do not have the width it expects.',
  ],
  predictor_rejected: [
    502,
    'The prediction service rejected the request: the endpoint is missing or misconfigured.',
  ],
  model_error: [502, 'The prediction model failed to score this request.'],
  predictor_unavailable: [502, 'The prediction service is unavailable right now. Please try again later.'],
  predictor_forbidden: [
    502,
    'The API is not allowed to call the prediction service (credentials or permissions).',
  ],
  predictor_failed: [502, 'The prediction service failed to answer.'],
} as const satisfies Record<string, readonly [PredictorStatus, string]>;
type AnswerKind = keyof typeof ANSWERS;

const FORBIDDEN = new Set([
  'CredentialsProviderError',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
]);

function kindOf(error: unknown): AnswerKind {
  const { name = '' } = asSdk(error);
  // The SDK names reset sockets "TimeoutError" too (code ECONNRESET): those are network failures.
  if (isNetworkError(error)) return 'predictor_unreachable';
  if (error instanceof InvokeTimeoutError || name === 'TimeoutError') return 'predictor_timeout';
  if (isModelTimeout(error)) return 'model_timeout';
  if (name === 'ModelNotReadyException') return 'model_not_ready';
  if (isThrottling(error)) return 'predictor_busy';
  if (error instanceof ResponseFormatError || error instanceof SyntaxError) return 'predictor_bad_response';
  if (error instanceof PayloadWidthError) return 'predictor_bad_request';
  if (name === 'ValidationError') return 'predictor_rejected';
  if (name === 'ModelError') return 'model_error';
  if (name === 'ServiceUnavailable' || name === 'InternalDependencyException') return 'predictor_unavailable';
  if (FORBIDDEN.has(name)) return 'predictor_forbidden';
  return 'predictor_failed';
}

const RETRY_AFTER: Partial<Record<AnswerKind, number>> = {
  model_not_ready: MODEL_NOT_READY_RETRY_AFTER_SECONDS,
  predictor_busy: THROTTLED_RETRY_AFTER_SECONDS,
};

/** The PredictorError the client sees; the SDK's own words stay in `cause` (logged, never sent). */
export function toPredictorError(error: unknown): PredictorError {
  if (error instanceof PredictorError) return error;
  const kind = kindOf(error);
  const [status, message] = ANSWERS[kind];
  // Both timeouts are one code to clients; the log keeps which side gave up.
  const code = kind === 'model_timeout' ? 'predictor_timeout' : kind;
  return new PredictorError(status, code, message, { cause: error, retryAfterSeconds: RETRY_AFTER[kind] });
}
