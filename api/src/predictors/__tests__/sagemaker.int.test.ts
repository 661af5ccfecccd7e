import { PassThrough } from 'node:stream';
import { DEFAULT_MODEL_DIR } from '../../config';
import { generateCustomers } from '@telco-churn/core/synthetic';
import { createLogger } from '../../logger';
import { predictProba } from '@telco-churn/xgboost-runtime';
import { Artifact, loadArtifact } from '@telco-churn/core/artifact';
import { RunningStub, startStub } from '../../../stub';
import { PredictorError } from '../types';
import { createSageMakerPredictor, SageMakerPredictorOptions } from '../sagemaker';

let stub: RunningStub;
let artifact: Artifact;
const logger = createLogger({ level: 'silent', stream: new PassThrough() });
const ctx = { requestId: 'test', logger };

beforeAll(async () => {
  artifact = await loadArtifact(DEFAULT_MODEL_DIR);
  stub = await startStub({ modelDir: DEFAULT_MODEL_DIR, endpoints: ['churn'] });
});

afterAll(() => stub?.close());

const predictor = (options: Partial<SageMakerPredictorOptions> = {}) =>
  createSageMakerPredictor({
    endpointName: 'churn',
    endpointUrl: stub.url,
    width: artifact.encoder.featureNames.length,
    timeoutMs: 10_000,
    retry: { baseDelayMs: 10 },
    ...options,
  });

const rows = (n: number) => artifact.encoder.encodeMany(generateCustomers(n, 71).map((r) => r.customer));

describe('the SageMaker predictor against the stub', () => {
  it.each(['text/csv', 'application/json'] as const)(
    'reads %s answers into the exact float32 probabilities',
    async (accept) => {
      const p = predictor({ accept });
      const x = rows(50);
      expect(Array.from(await p.score(x, 50, ctx))).toEqual(
        Array.from(predictProba(artifact.booster, x, 50)),
      );
      await p.close?.();
    },
  );

  it('drives a fault through the CustomAttributes header of the real SDK and retries it', async () => {
    const p = predictor({ customAttributes: 'fault=ServiceUnavailable' });
    const before = stub.state.invocations;
    const error = (await p.score(rows(1), 1, ctx).catch((e: unknown) => e)) as PredictorError;
    expect(error).toBeInstanceOf(PredictorError);
    expect(error.status).toBe(502);
    expect(stub.state.invocations - before).toBe(3);
    expect((error.cause as Error).name).toBe('ServiceUnavailable');
    await p.close?.();
  });

  it('gives up when the budget would run out during the next backoff, without another call', async () => {
    const p = predictor({
      customAttributes: 'fault=ModelNotReadyException',
      timeoutMs: 3000,
      retry: { baseDelayMs: 5000, maxDelayMs: 5000, random: () => 0.99 },
    });
    const before = stub.state.invocations;
    const error = (await p.score(rows(1), 1, ctx).catch((e: unknown) => e)) as PredictorError;
    expect(error.status).toBe(503);
    expect(stub.state.invocations - before).toBe(1);
    await p.close?.();
  });

  it('refuses rows of the wrong width before calling the endpoint', async () => {
    const p = predictor();
    const before = stub.state.invocations;
    await expect(p.score(new Float32Array(10), 1, ctx)).rejects.toMatchObject({
      status: 502,
      code: 'predictor_bad_request',
    });
    expect(stub.state.invocations).toBe(before);
    await p.close?.();
  });
});
