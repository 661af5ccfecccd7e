import { execFile } from 'node:child_process';
import type { HttpApiEvent, HttpApiResult } from '../lambda/handler';
import type { Env } from './sagemaker-harness';

/** Runs events through `index.handler` of the bundle in a fresh node process, as the Lambda runtime would. */
const RUNNER = `
const { handler } = require('./index.js');
const events = JSON.parse(process.argv[1]);
(async () => {
  const results = [];
  for (const event of events) results.push(await handler(event, {}));
  process.stdout.write('RESULTS ' + JSON.stringify({ node: process.version, results }) + '\\n');
})().catch((error) => { console.error(error); process.exit(1); });
`;

/** An HTTP API (payload 2.0) event for stage /v1, with a base64 body as API Gateway sends it. */
export const bundleEvent = (method: string, route: string, body?: unknown): HttpApiEvent => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: `/v1${route}`,
  rawQueryString: '',
  headers: { 'content-type': 'application/json' },
  body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)).toString('base64'),
  isBase64Encoded: body !== undefined,
  requestContext: {
    requestId: `bundle${route}`,
    stage: 'v1',
    http: { method, path: `/v1${route}`, sourceIp: '203.0.113.7' },
  },
});

export interface BundleRun {
  results: HttpApiResult[];
  /** `process.version` of the node that ran the bundle. */
  node: string;
  stdout: string;
  stderr: string;
}

export interface BundleRunOptions {
  /** The node binary; this process's by default. */
  node?: string;
  /** V8 flags before the script, e.g. the Lambda runtime's (`lambdaNodeFlags`). */
  flags?: string[];
}

/** Runs `events` in order through the bundle in `bundleDir`, with `env` as the whole environment (plus PATH). */
export function runBundle(
  bundleDir: string,
  events: HttpApiEvent[],
  env: Env,
  options: BundleRunOptions = {},
): Promise<BundleRun> {
  return new Promise((resolve, reject) => {
    execFile(
      options.node ?? process.execPath,
      [...(options.flags ?? []), '-e', RUNNER, JSON.stringify(events)],
      {
        cwd: bundleDir,
        env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env } as unknown as NodeJS.ProcessEnv,
      },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${error.message}\n${stderr}`));
        const line = stdout.split('\n').find((l) => l.startsWith('RESULTS '));
        if (!line) return reject(new Error(`no results:\n${stdout}\n${stderr}`));
        const parsed = JSON.parse(line.slice(8)) as { node: string; results: HttpApiResult[] };
        resolve({ ...parsed, stdout, stderr });
      },
    );
  });
}

/** What the HTTP server at `apiUrl` answers to POST /predict: the answer a bundle must match. */
export async function predictAnswer(apiUrl: string, customer: unknown): Promise<unknown> {
  const res = await fetch(`${apiUrl}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(customer),
  });
  return res.json();
}
