import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ApiError } from '../errors';

// `application/json` and `application/<anything>+json`, with or without parameters.
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/**
 * 415 unless the request says it is JSON, then parses it. `strict: false` lets a JSON body that
 * is not an object through, so validation can say "must be a JSON object" (422) rather than a
 * parse error.
 */
export function jsonBody(limit: string): RequestHandler[] {
  const parse = express.json({ limit, strict: false, type: () => true });
  function requireJson(req: Request, _res: Response, next: NextFunction): void {
    const type = req.headers['content-type'];
    if (type === undefined || !JSON_TYPE.test(type)) {
      next(
        new ApiError(
          415,
          'unsupported_media_type',
          `the request body must be JSON sent with Content-Type: application/json${type ? ` (got "${type.slice(0, 100)}")` : ''}`,
        ),
      );
      return;
    }
    next();
  }
  return [requireJson, parse];
}
