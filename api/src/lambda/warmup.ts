import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { generateCustomers } from '@telco-churn/core/synthetic';
import type { HttpApiEvent, LambdaHandler } from './handler';

/**
 * `warmup.js` of the Lambda bundle: writes `app.js.cache`, the V8 code cache the loader uses.
 * It runs app.js once per predictor (local, then SageMaker against a fake local endpoint) on
 * the requests a cold container sees first, so their functions are compiled, then saves what
 * V8 compiled. Run it with the Node that will serve (the Dockerfile does, in the image).
 */
// One synthetic customer: warm-up needs a valid body, not a particular one.
const CUSTOMER = generateCustomers(1, 1)[0].customer;

const event = (method: string, route: string, body?: unknown): HttpApiEvent => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: `/v1${route}`,
  rawQueryString: '',
  headers: { 'content-type': 'application/json', 'user-agent': 'warmup' },
  body: body === undefined ? undefined : JSON.stringify(body),
  isBase64Encoded: false,
  requestContext: {
    requestId: `warmup-${route}`,
    stage: 'v1',
    http: { method, path: `/v1${route}`, sourceIp: '127.0.0.1' },
  },
});

const REQUESTS = [
  event('GET', '/health'),
  event('GET', '/model'),
  event('POST', '/predict', CUSTOMER),
  event('POST', '/predict', { ...CUSTOMER, tenure: -1 }),
  event('POST', '/predict/batch', { customers: [CUSTOMER, { ...CUSTOMER, contract: 'Weekly' }] }),
];

/**
 * A loopback InvokeEndpoint that answers every row with 0.5, as the XGBoost container formats
 * it: the SDK's whole success path (signing, HTTP, deserialising) then runs and is cached.
 * An unreachable endpoint would only warm the error path, leaving ~25 ms of first-call
 * compiling to every cold start.
 */
async function startFakeEndpoint(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let rows = 0;
    req.on('data', (chunk: Buffer) => (rows += chunk.toString('utf8').split('\n').length - 1));
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'x-amzn-RequestId': 'warmup' });
      res.end('0.5\n'.repeat(rows));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function main(): Promise<void> {
  const file = path.join(__dirname, 'app.js');
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file });
  const endpoint = await startFakeEndpoint();
  const modes: Record<string, string>[] = [
    { PREDICTOR: 'local' },
    {
      PREDICTOR: 'sagemaker',
      SAGEMAKER_ENDPOINT_NAME: 'warmup',
      SAGEMAKER_ENDPOINT_URL: endpoint.url,
      AWS_REGION: 'us-east-1',
    },
  ];
  for (const mode of modes) {
    // The SDK's notice that Node 20 support ends is for the operator, not for the build log.
    Object.assign(
      process.env,
      { LOG_LEVEL: 'silent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      mode,
    );
    const app: { exports: { handler?: LambdaHandler } } = { exports: {} };
    (script.runInThisContext() as (...args: unknown[]) => void)(
      app.exports,
      Module.createRequire(file),
      app,
      file,
      __dirname,
    );
    for (const request of REQUESTS) await app.exports.handler?.(request, {});
  }
  endpoint.server.close();
  endpoint.server.closeAllConnections();
  const cache = script.createCachedData();
  writeFileSync(`${file}.cache`, cache);
  console.log(
    `warmup: wrote ${path.basename(file)}.cache (${(cache.length / 1024).toFixed(0)} KB) with node ${process.version}`,
  );
}

main().catch((error: unknown) => {
  console.error(`warmup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
