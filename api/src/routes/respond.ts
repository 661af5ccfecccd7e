import type { Response } from 'express';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * What `res.json` sends (same status, Content-Type, Content-Length and body; no ETag, which the
 * app disables), without its per-call work: Express re-parses the Content-Type it just set to add
 * the charset, evaluates `req.fresh`, and turns a body over 1,000 characters into a Buffer, so
 * the headers and the body leave in two chunks. A string body goes out in one write with them.
 */
export function sendJson(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', JSON_TYPE);
  // Node sets Content-Length itself for a body given whole to end().
  if (res.req.method === 'HEAD') {
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.end();
  } else {
    res.end(text);
  }
}
