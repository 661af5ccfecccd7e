import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logger';

/** What a request carries through the app, kept on `res.locals` (Express allocates it anyway). */
export interface RequestLocals {
  requestId: string;
  startedAt: number;
  /** Set by handlers that call the predictor. */
  predictorMs?: number;
  /** The score(s) answered: logged for drift monitoring; raw customer fields never are. */
  scores?: number | number[];
  rows?: number;
}

export const locals = (res: Response): RequestLocals => res.locals as RequestLocals;

// Echoed into a response header, so only ids that are safe and short are taken from the client.
const SAFE_ID = /^[\w.:@/+=-]{1,128}$/;

/** API Gateway's id first (serverless-http puts the event's requestContext on req), then the client's. */
function requestIdOf(req: Request): string {
  const context = (req as Request & { requestContext?: { requestId?: unknown } }).requestContext;
  const fromGateway = context?.requestId;
  if (typeof fromGateway === 'string' && SAFE_ID.test(fromGateway)) return fromGateway;
  const fromClient = req.headers['x-request-id'];
  if (typeof fromClient === 'string' && SAFE_ID.test(fromClient)) return fromClient;
  return randomUUID();
}

export interface AccessLogFields {
  predictor: string;
  modelVersion: string;
}

const round2 = (ms: number): number => Math.round(ms * 100) / 100;

/**
 * Gives each request its id and logs one line when its response ends. The 'close' listener is
 * one function per app (it reads everything from `res`), so the hot path allocates no closure.
 */
export function requestContext(logger: Logger, fields: AccessLogFields): RequestHandler {
  function logResponse(this: Response): void {
    const req = this.req;
    const l = locals(this);
    const status = this.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    // The one-argument form: the entry is written as it is, not merged into a copy.
    logger.log({
      level,
      message: 'request',
      request_id: l.requestId,
      method: req.method,
      route: req.route ? req.baseUrl + String(req.route.path) : req.path,
      status,
      latency_ms: round2(performance.now() - l.startedAt),
      aborted: this.writableFinished ? undefined : true,
      predictor: fields.predictor,
      model_version: fields.modelVersion,
      predictor_ms: l.predictorMs === undefined ? undefined : round2(l.predictorMs),
      rows: l.rows,
      scores: l.scores,
    });
  }

  return function assignRequestContext(req: Request, res: Response, next: NextFunction): void {
    const l = locals(res);
    l.startedAt = performance.now();
    l.requestId = requestIdOf(req);
    res.setHeader('X-Request-Id', l.requestId);
    // `on`, not `once`: once wraps the listener in a new closure per call; a response closes only once.
    res.on('close', logResponse);
    next();
  };
}
