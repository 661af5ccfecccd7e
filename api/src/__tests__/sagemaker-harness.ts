import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import type { Express } from 'express';
import { createAppFromConfig } from '../app';
import { DEFAULT_MODEL_DIR, loadConfig } from '../config';
import type { Customer } from '@telco-churn/core/fields';
import { generateCustomers } from '@telco-churn/core/synthetic';
import { createLogger } from '../logger';
import type { Predictor } from '../predictors/types';
import { RunningStub, startStub } from '../../stub';
import type { FaultPlan } from '../../stub/faults';

/** Shared by the SageMaker-mode tests of the HTTP server and of the Lambda handler. */
export const ENDPOINT = 'telco-churn';
/** Generous, so a loaded CI machine never turns a good call into a 504; the slow case uses its own. */
export const TIMEOUT_MS = 10_000;
/** The budget of the API built for the endpoint-slower-than-the-budget case, and the stub's latency there. */
export const SHORT_TIMEOUT_MS = 400;
export const SLOW_ENDPOINT: FaultPlan = { latencyMs: 1500 };

export const customers = (n: number, seed: number): Customer[] =>
  generateCustomers(n, seed).map((row) => row.customer);

/** The API's settings for SageMaker mode against the stub (what the Lambda construct sets, plus the stub URL). */
export type Env = Record<string, string | undefined>;

export const sageMakerEnv = (stubUrl: string, overrides: Env = {}): Env => ({
  SAGEMAKER_ENDPOINT_NAME: ENDPOINT,
  SAGEMAKER_ENDPOINT_URL: stubUrl,
  AWS_REGION: 'eu-central-1',
  SAGEMAKER_TIMEOUT_MS: String(TIMEOUT_MS),
  SAGEMAKER_MAX_ATTEMPTS: '3',
  MODEL_DIR: DEFAULT_MODEL_DIR,
  LOG_LEVEL: 'info',
  ...overrides,
});

export interface FaultCase {
  name: string;
  queue: FaultPlan[];
  status: number;
  /** The error code of the answer; absent when the call succeeds after retries. */
  code?: string;
  /** InvokeEndpoint calls the stub saw: 1 means no retry, 3 the retry budget spent. */
  calls: number;
  retryAfter?: string;
}

const times = (n: number, plan: FaultPlan): FaultPlan[] => Array.from({ length: n }, () => plan);

/** Every fault the stub plays, with the answer the API must give (3 attempts; the slow endpoint is tested on its own). */
export const FAULT_CASES: FaultCase[] = [
  {
    name: 'a model that stays not ready',
    queue: times(3, { fault: 'ModelNotReadyException' }),
    status: 503,
    code: 'model_not_ready',
    calls: 3,
    retryAfter: '5',
  },
  {
    name: 'a model that gets ready on the third try',
    queue: times(2, { fault: 'ModelNotReadyException' }),
    status: 200,
    calls: 3,
  },
  { name: 'a ModelError', queue: [{ fault: 'ModelError' }], status: 502, code: 'model_error', calls: 1 },
  {
    name: 'a ModelError saying the container timed out',
    queue: [{ fault: 'ModelErrorTimeout' }],
    status: 504,
    code: 'predictor_timeout',
    calls: 1,
  },
  {
    name: 'a ValidationError',
    queue: [{ fault: 'ValidationError' }],
    status: 502,
    code: 'predictor_rejected',
    calls: 1,
  },
  {
    name: 'an InternalFailure',
    queue: [{ fault: 'InternalFailure' }],
    status: 502,
    code: 'predictor_failed',
    calls: 1,
  },
  {
    name: 'a ServiceUnavailable that lasts',
    queue: times(3, { fault: 'ServiceUnavailable' }),
    status: 502,
    code: 'predictor_unavailable',
    calls: 3,
  },
  {
    name: 'a ServiceUnavailable that passes',
    queue: [{ fault: 'ServiceUnavailable' }],
    status: 200,
    calls: 2,
  },
  {
    name: 'an InternalDependencyException that lasts',
    queue: times(3, { fault: 'InternalDependencyException' }),
    status: 502,
    code: 'predictor_unavailable',
    calls: 3,
  },
  {
    name: 'throttling that lasts',
    queue: times(3, { fault: 'ThrottlingException' }),
    status: 503,
    code: 'predictor_busy',
    calls: 3,
    retryAfter: '2',
  },
  {
    name: 'a garbage body',
    queue: [{ fault: 'garbage' }],
    status: 502,
    code: 'predictor_bad_response',
    calls: 1,
  },
  {
    name: 'a body with too few scores',
    queue: [{ fault: 'short' }],
    status: 502,
    code: 'predictor_bad_response',
    calls: 1,
  },
  {
    name: 'connections that keep dropping',
    queue: times(3, { fault: 'drop' }),
    status: 502,
    code: 'predictor_unreachable',
    calls: 3,
  },
  { name: 'one dropped connection', queue: [{ fault: 'drop' }], status: 200, calls: 2 },
];

/** Empties the stub's fault queue through its control route. */
export async function clearFaults(stub: RunningStub): Promise<void> {
  await fetch(`${stub.url}/_stub/faults`, { method: 'DELETE' });
}

/** Queues faults through the stub's control route, as a demo or another process would. */
export async function queueFaults(stub: RunningStub, queue: FaultPlan[]): Promise<void> {
  await clearFaults(stub);
  const res = await fetch(`${stub.url}/_stub/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ faults: queue }),
  });
  if (res.status !== 200) throw new Error(`the stub refused the faults: ${await res.text()}`);
}

export interface LogCapture {
  lines(): Record<string, unknown>[];
}

function captureLogs(): { stream: PassThrough; capture: LogCapture } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    stream,
    capture: {
      lines: () =>
        text
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>),
    },
  };
}

export interface RunningApi {
  url: string;
  app: Express;
  predictor: Predictor;
  logs: LogCapture;
  close(): Promise<void>;
}

/** The API app from its own config module, listening on a free loopback port. */
export async function startApi(env: Env): Promise<RunningApi> {
  const config = loadConfig(env as NodeJS.ProcessEnv);
  const { stream, capture } = captureLogs();
  const logger = createLogger({ level: config.logLevel, stream });
  const { app, predictor } = await createAppFromConfig(config, logger);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    predictor,
    logs: capture,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await predictor.close?.();
    },
  };
}

export const startSageMakerStub = () => startStub({ modelDir: DEFAULT_MODEL_DIR, endpoints: [ENDPOINT] });

export interface SageMakerApis {
  stub: RunningStub;
  /** The API with the SageMaker predictor, calling `stub`. */
  api: RunningApi;
  /** The API with the local predictor, the reference its answers are held to. */
  local: RunningApi;
}

/**
 * Jest hooks for a test file that compares SageMaker mode with local mode: the stub and both
 * APIs start before the file and stop after it; the stub's faults are cleared before each test.
 * The returned object is filled in by `beforeAll`.
 */
export function useSageMakerApis(): SageMakerApis {
  const apis = {} as SageMakerApis;
  beforeAll(async () => {
    apis.stub = await startSageMakerStub();
    apis.api = await startApi(sageMakerEnv(apis.stub.url));
    apis.local = await startApi({ PREDICTOR: 'local', LOG_LEVEL: 'silent' });
  });
  afterAll(async () => {
    await apis.api?.close();
    await apis.local?.close();
    await apis.stub?.close();
  });
  beforeEach(() => clearFaults(apis.stub));
  return apis;
}
