import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ContainerAnswer } from './container';
import {
  FaultPlan,
  FaultSpecError,
  parseCustomAttributes,
  parseFault,
  parseFaultQueue,
  parseLatency,
} from './faults';
import { modelError, sendBody, sendError, WireContext, WireError, wireErrors } from './wire';

export interface StubOptions {
  container: {
    invoke(body: Buffer, contentType: string | undefined, accept: string | undefined): ContainerAnswer;
  };
  /** Endpoint names that exist; any other name is a ValidationError, as on AWS. */
  endpoints: readonly string[];
  region?: string;
  accountId?: string;
  /** Applied to every request that has no fault of its own. */
  defaults?: FaultPlan;
  /** Delay of the first invocation after start, like a serverless endpoint scaling up from zero. */
  coldStartMs?: number;
  log?: (line: Record<string, unknown>) => void;
}

export interface StubState {
  invocations: number;
  queued: FaultPlan[];
}

/** InvokeEndpoint accepts at most 6 MB of payload. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
const INVOKE_PATH = /^\/endpoints\/([^/]+)\/invocations$/;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

/** This request's plan: the queue first, then the stub's own headers, then CustomAttributes, then the defaults. */
function planFor(req: IncomingMessage, state: StubState, defaults: FaultPlan): FaultPlan {
  const queued = state.queued.shift();
  if (queued) return queued;
  const custom = parseCustomAttributes(header(req, 'x-amzn-sagemaker-custom-attributes') ?? '');
  const faultHeader = header(req, 'x-stub-fault');
  const latencyHeader = header(req, 'x-stub-latency-ms');
  return {
    fault:
      faultHeader !== undefined ? parseFault(faultHeader, 'X-Stub-Fault') : (custom.fault ?? defaults.fault),
    latencyMs:
      latencyHeader !== undefined
        ? parseLatency(latencyHeader, 'X-Stub-Latency-Ms')
        : (custom.latencyMs ?? defaults.latencyMs),
  };
}

function faultError(fault: FaultPlan['fault'], ctx: WireContext): WireError | undefined {
  switch (fault) {
    case 'ModelNotReadyException':
      return wireErrors.modelNotReady(ctx);
    case 'ModelError':
      return wireErrors.modelCrash(ctx);
    case 'ModelErrorTimeout':
      return wireErrors.modelTimeout(ctx);
    case 'ValidationError':
      return wireErrors.validation(
        `1 validation error detected: Value at 'endpointName' failed to satisfy constraint (injected by the stub)`,
      );
    case 'InternalFailure':
      return wireErrors.internalFailure();
    case 'ServiceUnavailable':
      return wireErrors.serviceUnavailable();
    case 'InternalDependencyException':
      return wireErrors.internalDependency();
    case 'ThrottlingException':
      return wireErrors.throttling();
    default:
      return undefined;
  }
}

/** One score fewer than rows sent: a caller must notice the count is off. */
function dropFirstScore(contentType: string, body: string): string {
  if (contentType.startsWith('application/json')) {
    const { predictions } = JSON.parse(body) as { predictions: unknown[] };
    return JSON.stringify({ predictions: predictions.slice(1) });
  }
  return body.split('\n').slice(1).join('\n');
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Why a state-changing control request is refused, or undefined when it may go ahead. A web page
 * can send a `no-cors` POST with a `text/plain` body to any address, the stub's included: control
 * requests must carry JSON (which a page can only send after a CORS preflight the stub never
 * grants) and no Origin other than the stub's own.
 */
function controlRefusal(req: IncomingMessage): { status: number; message: string } | undefined {
  const origin = header(req, 'origin');
  if (origin !== undefined) {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (host === undefined || host !== header(req, 'host'))
      return { status: 403, message: `stub control refuses requests from another origin (${origin})` };
  }
  if (header(req, 'sec-fetch-site') === 'cross-site')
    return { status: 403, message: 'stub control refuses cross-site requests' };
  const type = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (req.method === 'POST' && type !== 'application/json')
    return {
      status: 415,
      message: `stub control takes Content-Type: application/json, got ${type || 'none'}`,
    };
  return undefined;
}

/** `/_stub/*`: queue faults for the next requests, read counters, reset. Not part of SageMaker. */
async function control(req: IncomingMessage, res: ServerResponse, path: string, state: StubState) {
  if (req.method !== 'GET') {
    const refusal = controlRefusal(req);
    if (refusal) {
      await readBody(req, 1024 * 1024);
      return sendJson(res, refusal.status, { message: refusal.message });
    }
  }
  if (path === '/_stub/faults' && req.method === 'POST') {
    const raw = (await readBody(req, 1024 * 1024)) ?? Buffer.alloc(0);
    try {
      const plans = parseFaultQueue(JSON.parse(raw.toString('utf8') || '{}'));
      state.queued.push(...plans);
      return sendJson(res, 200, { queued: state.queued });
    } catch (error) {
      const message =
        error instanceof FaultSpecError ? error.message : `the body is not JSON: ${(error as Error).message}`;
      return sendJson(res, 400, { message });
    }
  }
  if (path === '/_stub/faults' && req.method === 'GET') return sendJson(res, 200, { queued: state.queued });
  if (path === '/_stub/faults' && req.method === 'DELETE') {
    state.queued.length = 0;
    return sendJson(res, 200, { queued: [] });
  }
  if (path === '/_stub/stats' && req.method === 'GET')
    return sendJson(res, 200, { invocations: state.invocations });
  if (path === '/_stub/reset' && req.method === 'POST') {
    state.queued.length = 0;
    state.invocations = 0;
    return sendJson(res, 200, { invocations: 0, queued: [] });
  }
  return sendJson(res, 404, { message: `no stub control route ${req.method} ${path}` });
}

export function createStubServer(options: StubOptions): Server & { state: StubState } {
  const region = options.region ?? 'eu-central-1';
  const accountId = options.accountId ?? '000000000000';
  const endpoints = new Set(options.endpoints);
  const defaults = options.defaults ?? {};
  const state: StubState = { invocations: 0, queued: [] };
  let coldStartPending = (options.coldStartMs ?? 0) > 0;

  async function invoke(req: IncomingMessage, res: ServerResponse, endpointName: string) {
    const requestId = randomUUID();
    const ctx: WireContext = { requestId, endpointName, region, accountId };
    const started = Date.now();
    const body = await readBody(req, MAX_PAYLOAD_BYTES);
    state.invocations += 1;
    let plan: FaultPlan;
    try {
      plan = planFor(req, state, defaults);
    } catch (error) {
      return sendError(
        res,
        requestId,
        wireErrors.validation(`stub fault injection: ${(error as Error).message}`),
      );
    }
    if (!endpoints.has(endpointName)) return sendError(res, requestId, wireErrors.endpointNotFound(ctx));
    if (coldStartPending) {
      coldStartPending = false;
      await sleep(options.coldStartMs ?? 0);
    }
    if (plan.latencyMs) await sleep(plan.latencyMs);
    options.log?.({
      msg: 'invoke',
      requestId,
      endpoint: endpointName,
      fault: plan.fault ?? null,
      latencyMs: plan.latencyMs ?? 0,
    });
    if (plan.fault === 'drop') {
      // The connection dies mid-request: the caller sees a reset socket, not an HTTP answer.
      req.socket.destroy();
      return;
    }
    const injected = faultError(plan.fault, ctx);
    if (injected) return sendError(res, requestId, injected);
    if (body === undefined) {
      return sendError(
        res,
        requestId,
        wireErrors.validation(
          `Request payload is larger than the ${MAX_PAYLOAD_BYTES} bytes InvokeEndpoint accepts.`,
        ),
      );
    }
    const answer = options.container.invoke(body, header(req, 'content-type'), header(req, 'accept'));
    if (!answer.ok) return sendError(res, requestId, modelError(ctx, answer.status, answer.message));
    if (plan.fault === 'garbage')
      return sendBody(res, requestId, answer.contentType, '<html><body>502 Bad Gateway</body></html>\n');
    if (plan.fault === 'short')
      return sendBody(res, requestId, answer.contentType, dropFirstScore(answer.contentType, answer.body));
    sendBody(res, requestId, answer.contentType, answer.body);
    options.log?.({ msg: 'answered', requestId, ms: Date.now() - started });
  }

  const server = createServer((req, res) => {
    const handle = async () => {
      const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
      if (path.startsWith('/_stub/')) return control(req, res, path, state);
      if (path === '/ping' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
      const match = INVOKE_PATH.exec(path);
      if (!match || req.method !== 'POST') {
        await readBody(req, MAX_PAYLOAD_BYTES);
        return sendError(res, randomUUID(), wireErrors.unknownOperation(req.method ?? '?', path));
      }
      return invoke(req, res, match[1]);
    };
    handle().catch((error: unknown) => {
      options.log?.({ msg: 'stub failure', error: (error as Error).message });
      if (!res.headersSent) sendError(res, randomUUID(), wireErrors.internalFailure());
      else res.destroy();
    });
  });
  // Longer than the SDK's idle sockets live, so a kept-alive connection is never closed under a request.
  server.keepAliveTimeout = 65_000;
  return Object.assign(server, { state });
}
