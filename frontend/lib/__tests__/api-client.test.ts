import { toUiError } from '../api-client';

describe('API errors in words a user can act on', () => {
  it('puts 422 field errors on the fields', () => {
    const error = toUiError(
      422,
      {
        error: {
          code: 'validation_failed',
          message: 'x',
          details: [{ field: 'tenure', message: 'tenure is required' }],
        },
      },
      null,
    );
    expect(error).toMatchObject({
      kind: 'validation',
      fieldErrors: [{ field: 'tenure', message: 'tenure is required' }],
    });
  });

  it('says the model is warming up on 503 and keeps the Retry-After, capped', () => {
    expect(toUiError(503, undefined, '5')).toMatchObject({
      kind: 'warming',
      message: 'The model is warming up, retrying…',
      retryAfterSeconds: 5,
    });
    expect(toUiError(503, undefined, '600').retryAfterSeconds).toBe(30);
    expect(toUiError(503, undefined, null).retryAfterSeconds).toBe(3);
  });

  it('tells a timeout (504) from an unreachable model (502)', () => {
    expect(toUiError(504, undefined, null)).toMatchObject({
      kind: 'timeout',
      message: expect.stringMatching(/too long/),
    });
    expect(toUiError(502, undefined, null)).toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/could not reach the model/),
    });
  });

  it('names the likely cause of a 403 from API Gateway', () => {
    expect(toUiError(403, undefined, null).message).toMatch(/API_AUTH/);
  });

  it('quotes the request id of an unexpected failure', () => {
    expect(toUiError(500, { error: { request_id: 'req-1' } }, null).message).toBe(
      'The prediction service failed (HTTP 500), request req-1.',
    );
  });
});
