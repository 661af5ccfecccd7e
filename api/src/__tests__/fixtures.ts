import { Writable } from 'node:stream';
import { createApp } from '../app';
import { DEFAULT_MODEL_DIR } from '../config';
import type { Customer } from '@telco-churn/core/fields';
import { generateCustomers } from '@telco-churn/core/synthetic';
import { createLogger } from '../logger';
import { Artifact, loadArtifact } from '@telco-churn/core/artifact';
import { createLocalPredictor } from '../predictors/local';
import type { Predictor } from '../predictors/types';
import { Served, serve } from './serve';

/** The shipped model (api/model-artifact), loaded once per test file. */
let shipped: Promise<Artifact> | undefined;
export const shippedArtifact = (): Promise<Artifact> => (shipped ??= loadArtifact(DEFAULT_MODEL_DIR));

export const customers = (n: number, seed = 11): Customer[] =>
  generateCustomers(n, seed).map((r) => r.customer);

/** Log lines the app wrote, parsed. */
export function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', stream }) };
}

export interface TestApp extends Served {
  artifact: Artifact;
  logs: Record<string, unknown>[];
  /** Each predictor call's row count, in order. */
  calls: number[];
}

/** The app with the shipped model; `predictor` wraps or replaces the local one. */
export async function startTestApp(
  options: {
    bodyLimit?: string;
    threshold?: number;
    predictor?: (local: Predictor) => Predictor;
  } = {},
): Promise<TestApp> {
  const artifact = await shippedArtifact();
  const local = createLocalPredictor(artifact.booster);
  const inner = options.predictor ? options.predictor(local) : local;
  const calls: number[] = [];
  const predictor: Predictor = {
    kind: inner.kind,
    score(features, nRows, ctx) {
      calls.push(nRows);
      return inner.score(features, nRows, ctx);
    },
  };
  const { lines, logger } = captureLogs();
  const app = createApp({
    config: { bodyLimit: options.bodyLimit ?? '1mb', threshold: options.threshold },
    artifact,
    predictor,
    logger,
  });
  const served = await serve(app);
  return { ...served, artifact, logs: lines, calls };
}
