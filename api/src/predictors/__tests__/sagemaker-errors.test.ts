import { PredictorError } from '../../errors';
import { PayloadWidthError } from '../sagemaker-csv';
import { InvokeTimeoutError, isRetryable, toPredictorError } from '../sagemaker-errors';
import { ResponseFormatError } from '../sagemaker-response';
import { backoffDelayMs } from '../sagemaker-retry';

/** An error shaped as the SDK v3 throws it: the service's error name, HTTP metadata, modelled members. */
const sdkError = (name: string, status: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} from the service`), {
    name,
    $metadata: { httpStatusCode: status, requestId: 'sm-req-1' },
    ...extra,
  });

const networkError = (code: string) => Object.assign(new Error(`read ${code}`), { code });

describe('isRetryable', () => {
  it.each([
    ['ModelNotReadyException', 429],
    ['ServiceUnavailable', 503],
    ['InternalDependencyException', 530],
    ['ThrottlingException', 400],
  ])('retries %s', (name, status) => {
    expect(isRetryable(sdkError(name, status))).toBe(true);
  });

  it('retries reset and refused connections', () => {
    expect(isRetryable(networkError('ECONNRESET'))).toBe(true);
    expect(isRetryable(networkError('ECONNREFUSED'))).toBe(true);
    expect(isRetryable(new Error('socket hang up'))).toBe(true);
    expect(isRetryable(Object.assign(networkError('ECONNRESET'), { name: 'TimeoutError' }))).toBe(true);
  });

  it.each([
    ['ValidationError', 400],
    ['ModelError', 424],
    ['InternalFailure', 500],
  ])('does not retry %s: the same payload meets the same failure', (name, status) => {
    expect(isRetryable(sdkError(name, status))).toBe(false);
  });

  it('does not retry a timeout or an unreadable answer', () => {
    expect(isRetryable(new InvokeTimeoutError(100))).toBe(false);
    expect(isRetryable(new ResponseFormatError('bad'))).toBe(false);
  });
});

describe('toPredictorError', () => {
  const cases: [string, unknown, number, string][] = [
    ['ModelNotReadyException', sdkError('ModelNotReadyException', 429), 503, 'model_not_ready'],
    [
      'a timed-out ModelError',
      sdkError('ModelError', 424, {
        OriginalStatusCode: 0,
        message: 'Your invocation timed out while waiting',
      }),
      504,
      'predictor_timeout',
    ],
    ['our own timeout', new InvokeTimeoutError(2000), 504, 'predictor_timeout'],
    [
      'the HTTP handler timeout',
      Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }),
      504,
      'predictor_timeout',
    ],
    ['ValidationError', sdkError('ValidationError', 400), 502, 'predictor_rejected'],
    ['another ModelError', sdkError('ModelError', 424, { OriginalStatusCode: 500 }), 502, 'model_error'],
    ['InternalFailure', sdkError('InternalFailure', 500), 502, 'predictor_failed'],
    ['ServiceUnavailable', sdkError('ServiceUnavailable', 503), 502, 'predictor_unavailable'],
    [
      'InternalDependencyException',
      sdkError('InternalDependencyException', 530),
      502,
      'predictor_unavailable',
    ],
    [
      'an unreadable body',
      new ResponseFormatError('expected 2 scores, got 1'),
      502,
      'predictor_bad_response',
    ],
    [
      'a non-JSON error body (the SDK throws SyntaxError)',
      new SyntaxError('Unexpected token <'),
      502,
      'predictor_bad_response',
    ],
    ['a reset connection', networkError('ECONNRESET'), 502, 'predictor_unreachable'],
    [
      'a reset socket the SDK names TimeoutError',
      Object.assign(networkError('ECONNRESET'), { name: 'TimeoutError' }),
      502,
      'predictor_unreachable',
    ],
    ['a payload of the wrong width', new PayloadWidthError('width'), 502, 'predictor_bad_request'],
    ['throttling', sdkError('ThrottlingException', 400), 503, 'predictor_busy'],
    ['missing credentials', sdkError('CredentialsProviderError', 0), 502, 'predictor_forbidden'],
  ];

  it.each(cases)('maps %s to its status and code', (_label, error, status, code) => {
    const mapped = toPredictorError(error);
    expect(mapped).toBeInstanceOf(PredictorError);
    expect(mapped.status).toBe(status);
    expect(mapped.code).toBe(code);
    expect(mapped.cause).toBe(error);
  });

  it('tells the client when to retry a model that is starting', () => {
    expect(toPredictorError(sdkError('ModelNotReadyException', 429)).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('never shows the service its own words', () => {
    const mapped = toPredictorError(
      sdkError('ValidationError', 400, { message: 'Endpoint x of account 123456789012 not found.' }),
    );
    expect(mapped.message).not.toContain('123456789012');
  });
});

describe('backoffDelayMs', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

  it('waits up to base * 2^(attempt - 1), capped', () => {
    const top = { ...policy, random: () => 0.999999 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(top, attempt))).toEqual([99, 199, 399, 799, 999]);
  });

  it('jitters the wait down to zero', () => {
    expect(backoffDelayMs({ ...policy, random: () => 0 }, 3)).toBe(0);
  });
});
