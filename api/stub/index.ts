import type { AddressInfo } from 'node:net';
import { loadModel, predictProba } from '@telco-churn/xgboost-runtime';
import { formatPythonFloat32 } from '@telco-churn/xgboost-runtime/python-float';
import { createContainer } from './container';
import type { FaultPlan } from './faults';
import { createStubServer, StubState } from './server';

export { FAULTS } from './faults';
export type { Fault, FaultPlan } from './faults';

export interface StartStubOptions {
  modelDir: string;
  endpoints: string[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  region?: string;
  accountId?: string;
  defaults?: FaultPlan;
  coldStartMs?: number;
  log?: (line: Record<string, unknown>) => void;
}

export interface RunningStub {
  /** `http://127.0.0.1:<port>`: give it to the SDK as the endpoint (SAGEMAKER_ENDPOINT_URL). */
  url: string;
  state: StubState;
  close(): Promise<void>;
}

/** The stub endpoint serving the model in `modelDir` like the XGBoost 1.7-1 container. */
export async function startStub(options: StartStubOptions): Promise<RunningStub> {
  const booster = await loadModel(options.modelDir);
  const container = createContainer(
    { numFeature: booster.numFeature, predict: (x, nRows) => predictProba(booster, x, nRows) },
    formatPythonFloat32,
  );
  const server = createStubServer({ ...options, container });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    state: server.state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
