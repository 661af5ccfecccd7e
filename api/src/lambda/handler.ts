import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import serverless from 'serverless-http';
import { createAppFromConfig } from '../app';
import { loadConfig } from '../config';
import { ConfigError } from '../errors';
import { createLogger, Logger } from '../logger';

/** The parts of an API Gateway HTTP API (payload format 2.0) event the handler relies on. */
export interface HttpApiEvent {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  body?: string;
  isBase64Encoded: boolean;
  requestContext: {
    requestId: string;
    stage?: string;
    http: { method: string; path: string; sourceIp: string; protocol?: string; userAgent?: string };
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface HttpApiResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
  cookies?: string[];
}

export type LambdaHandler = (event: HttpApiEvent, context?: object) => Promise<HttpApiResult>;

/** The HTTP API stage: API Gateway puts it in front of every rawPath (`/v1/predict`). */
export const STAGE_PATH = '/v1';

/**
 * Swagger UI's favicons are the only binary answers: serverless-http base64-encodes these
 * types, API Gateway decodes them back for the client.
 */
const BINARY_TYPES = ['image/*', 'application/octet-stream', 'application/gzip'];

/**
 * serverless-http collects the answer on a socket that never drains, so a finished response
 * never reports `writableFinished`, and the access log would call every Lambda request aborted.
 * This runs once the response has finished, before serverless-http emits 'close'.
 */
function markFinished(res: ServerResponse): void {
  if (res.writableEnded) Object.defineProperty(res, 'writableFinished', { value: true });
}

/**
 * Builds the app once per Lambda container. The work starts now, in the init phase (which
 * AWS runs at full CPU before the first event), not in the first invocation; every event
 * awaits the same promise. A bad setting fails every invocation with its name in the log.
 */
export function createLambdaHandler(
  env: NodeJS.ProcessEnv = process.env,
  options: { logStream?: Writable } = {},
): LambdaHandler {
  let logger: Logger | undefined;
  const ready = (async () => {
    const config = loadConfig(env);
    logger = createLogger({ level: config.logLevel, stream: options.logStream });
    const { app, predictor, artifact } = await createAppFromConfig(config, logger);
    logger.info('lambda ready', {
      predictor: predictor.kind,
      model_version: artifact.params.modelVersion,
      since_process_start_ms: Math.round(performance.now()),
    });
    return serverless(app, { basePath: STAGE_PATH, binary: BINARY_TYPES, response: markFinished });
  })();
  ready.catch((error: unknown) => {
    const setting = error instanceof ConfigError ? error.setting : undefined;
    const message = `Cannot start the API: ${error instanceof Error ? error.message : String(error)}`;
    if (logger) logger.error(message, { setting });
    else console.error(JSON.stringify({ level: 'error', message, setting }));
  });
  return async (event, context = {}) => {
    const handle = await ready;
    return (await handle(event, context)) as HttpApiResult;
  };
}
