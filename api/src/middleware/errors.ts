import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { ErrorBody } from '@telco-churn/core/contracts';
import { ApiError, PredictorError } from '../errors';
import type { Logger } from '../logger';
import { locals } from './request-context';

/** body-parser's error types (it sets `type` and `status` on what it throws); jsonBody maps its 413s. */
function fromBodyParser(err: { type?: unknown; message?: unknown }): ApiError | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return new ApiError(
        400,
        'invalid_json',
        `the request body is not valid JSON (${String(err.message)})`,
        {
          cause: err,
        },
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, 'unsupported_media_type', 'the request body must be UTF-8 JSON', {
        cause: err,
      });
    case 'request.aborted':
    case 'request.size.invalid':
      return new ApiError(400, 'incomplete_body', 'the request body ended before its announced length', {
        cause: err,
      });
    default:
      return undefined;
  }
}

/**
 * Other errors that Express's parts mark as the client's (`status` 4xx): a path that is not
 * valid percent-encoding (the router), a compressed body that does not inflate (body-parser).
 */
function fromClientStatus(err: object): ApiError | undefined {
  const { status, code } = err as { status?: unknown; code?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (err instanceof URIError) {
    return new ApiError(400, 'invalid_url', 'the URL is not valid percent-encoded UTF-8', { cause: err });
  }
  if (typeof code === 'string' && (code.startsWith('Z_') || code.includes('BROTLI'))) {
    return new ApiError(
      400,
      'invalid_body_encoding',
      'the request body does not decompress as its Content-Encoding says',
      {
        cause: err,
      },
    );
  }
  return new ApiError(status, 'bad_request', `the request was refused (${STATUS_CODES[status] ?? status})`, {
    cause: err,
  });
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof PredictorError) {
    const headers =
      err.retryAfterSeconds === undefined
        ? undefined
        : { 'Retry-After': String(Math.max(1, Math.ceil(err.retryAfterSeconds))) };
    return new ApiError(err.status, err.code, err.message, { cause: err, headers });
  }
  if (typeof err === 'object' && err !== null) {
    const known = fromBodyParser(err as { type?: unknown }) ?? fromClientStatus(err);
    if (known) return known;
  }
  return new ApiError(
    500,
    'internal_error',
    'something went wrong on our side; quote the request id to report it',
    {
      cause: err,
    },
  );
}

/** Sends the one error shape; `details` only when there are some. */
export function sendError(res: Response, error: ApiError): void {
  const body: ErrorBody = {
    error: { code: error.code, message: error.message, request_id: locals(res).requestId },
  };
  if (error.details && error.details.length > 0) body.error.details = error.details;
  if (error.headers) res.set(error.headers);
  res.status(error.status).json(body);
}

/** The final handler: every failure leaves as the JSON error shape, never with a stack. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return function handleError(err: unknown, _req: Request, res: Response, next: NextFunction): void {
    if (res.headersSent) {
      // Too late for a clean answer: Express's own handler closes the connection.
      next(err);
      return;
    }
    const error = toApiError(err);
    if (error.status >= 500) {
      const cause = error.cause instanceof Error ? error.cause : undefined;
      logger.error('request failed', {
        request_id: locals(res).requestId,
        code: error.code,
        error: cause ? `${cause.name}: ${cause.message}` : String(error.cause ?? error.message),
        cause: cause?.cause instanceof Error ? `${cause.cause.name}: ${cause.cause.message}` : undefined,
        stack: cause?.stack,
      });
    }
    sendError(res, error);
  };
}

/** Answers 405 with `Allow` for a known path and a wrong method, else 404. */
export function notFound(methodsByPath: ReadonlyMap<string, readonly string[]>): RequestHandler {
  return function handleNotFound(req: Request, res: Response, next: NextFunction): void {
    const path = req.path.replace(/\/+$/, '').toLowerCase() || '/';
    const methods = methodsByPath.get(path);
    if (methods) {
      const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'];
      if (req.method === 'OPTIONS') {
        res.set('Allow', allow.join(', ')).status(204).end();
        return;
      }
      next(
        new ApiError(
          405,
          'method_not_allowed',
          `${req.method} is not allowed on ${path}; use ${allow.join(', ')}`,
          {
            headers: { Allow: allow.join(', ') },
          },
        ),
      );
      return;
    }
    next(new ApiError(404, 'not_found', `there is no route ${req.method} ${path.slice(0, 200)}`));
  };
}
