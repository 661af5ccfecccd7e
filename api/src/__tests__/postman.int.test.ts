import path from 'node:path';
import { run, Summary } from 'newman';
import { RunningApi, sageMakerEnv, startApi, startSageMakerStub } from './sagemaker-harness';
import type { RunningStub } from '../../stub';

const POSTMAN = path.join(__dirname, '..', '..', '..', 'postman');
const COLLECTION = path.join(POSTMAN, 'telco-churn.postman_collection.json');
const ENVIRONMENT = path.join(POSTMAN, 'local.postman_environment.json');

/** Runs the Postman collection with newman against `baseUrl`, the local environment otherwise. */
function runCollection(baseUrl: string): Promise<Summary> {
  return new Promise((resolve, reject) => {
    run(
      {
        collection: COLLECTION,
        environment: ENVIRONMENT,
        envVar: [{ key: 'baseUrl', value: baseUrl }],
        reporters: [],
        timeoutRequest: 10_000,
      },
      (error, summary) => (error ? reject(error) : resolve(summary)),
    );
  });
}

const failures = (summary: Summary) =>
  summary.run.failures.map(
    (f) => `${f.source?.name ?? '?'}: ${f.error.test ?? f.error.name ?? ''} — ${f.error.message}`,
  );

const collectionRequests = (): number => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const collection = require(COLLECTION) as { item: { item: unknown[] }[] };
  return collection.item.reduce((n, folder) => n + folder.item.length, 0);
};

// 21 requests, the campaign and retention ones scoring dozens of rows: seconds on a loaded machine.
jest.setTimeout(30_000);

describe('the Postman collection, run by newman', () => {
  let api: RunningApi | undefined;
  let stub: RunningStub | undefined;

  afterEach(async () => {
    await api?.close();
    await stub?.close();
    api = undefined;
    stub = undefined;
  });

  it('passes every test against the API with the local predictor', async () => {
    api = await startApi({ PREDICTOR: 'local', LOG_LEVEL: 'silent' });
    const summary = await runCollection(api.url);
    expect(failures(summary)).toEqual([]);
    expect(summary.run.stats.requests.total).toBe(collectionRequests());
    expect(summary.run.stats.assertions.total).toBeGreaterThanOrEqual(collectionRequests());
  });

  it('fails, naming the requests, when the server is not the API', async () => {
    stub = await startSageMakerStub();
    const summary = await runCollection(stub.url);
    expect(failures(summary).length).toBeGreaterThanOrEqual(collectionRequests());
    expect(failures(summary)[0]).toMatch(/^Health: /);
  });

  it('passes every test against the API in SageMaker mode, through the stub endpoint', async () => {
    stub = await startSageMakerStub();
    api = await startApi(sageMakerEnv(stub.url, { LOG_LEVEL: 'silent' }));
    const summary = await runCollection(api.url);
    expect(failures(summary)).toEqual([]);
    expect(summary.run.stats.requests.total).toBe(collectionRequests());
  });
});
