import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { parseOptions, UsageError } from './lib/cli';
import { awsCredentials, requirePrerequisites } from './lib/prereq';
import { main } from './lib/run';

const USAGE =
  'npm run smoke -- --url https://<api-id>.execute-api.<region>.amazonaws.com/v1 [--region <region>]';

/** A customer every model accepts (consistent phone and internet add-ons). */
export const SAMPLE_CUSTOMER = {
  gender: 'Female',
  seniorCitizen: 'No',
  partner: 'Yes',
  dependents: 'No',
  tenure: 5,
  phoneService: 'Yes',
  multipleLines: 'No',
  internetService: 'Fiber optic',
  onlineSecurity: 'No',
  onlineBackup: 'No',
  deviceProtection: 'No',
  techSupport: 'No',
  streamingTV: 'Yes',
  streamingMovies: 'Yes',
  contract: 'Month-to-month',
  paperlessBilling: 'Yes',
  paymentMethod: 'Electronic check',
  monthlyCharges: 95.5,
  totalCharges: 480.25,
};

export interface SmokeTarget {
  readonly url: URL;
  readonly region: string;
}

export function parseSmokeArgs(argv: readonly string[]): SmokeTarget {
  const args = parseOptions(argv, { url: { type: 'string' }, region: { type: 'string' } }, USAGE);
  if (!args.url) throw new UsageError('--url is required (the api_url output of the churn stack)', USAGE);
  let url: URL;
  try {
    url = new URL(args.url as string);
  } catch {
    throw new UsageError(`--url "${args.url}" is not a URL`, USAGE);
  }
  if (url.protocol !== 'https:')
    throw new UsageError('--url must be https (API Gateway serves TLS only)', USAGE);
  const region =
    (args.region as string | undefined) ??
    /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)?.[1];
  if (!region) throw new UsageError(`cannot tell the region from ${url.hostname}: pass --region`, USAGE);
  return { url: new URL(url.href.replace(/\/+$/, '')), region };
}

/** `<stage url>/<path>`: the stage prefix (`/v1`) stays, a root URL adds no double slash. */
export function endpointUrl(target: SmokeTarget, path: string): URL {
  return new URL(`${target.url.pathname.replace(/\/+$/, '')}${path}`, target.url);
}

/** Signs a request for API Gateway (service `execute-api`) with the caller's credentials. */
export interface SignDeps {
  readonly credentials?: ConstructorParameters<typeof SignatureV4>[0]['credentials'];
  readonly fetchImpl?: typeof fetch;
}

export async function signedFetch(
  target: SmokeTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  deps: SignDeps = {},
): Promise<Response> {
  const credentials = deps.credentials ?? defaultProvider();
  const url = endpointUrl(target, path);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const signer = new SignatureV4({
    service: 'execute-api',
    region: target.region,
    credentials,
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.hostname, ...(payload ? { 'content-type': 'application/json' } : {}) },
    body: payload,
  });
  return (deps.fetchImpl ?? fetch)(url, {
    method,
    headers: signed.headers as Record<string, string>,
    body: payload,
  });
}

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export async function smoke(
  target: SmokeTarget,
  fetcher: typeof signedFetch = signedFetch,
  unsignedFetch: typeof fetch = fetch,
): Promise<Check[]> {
  const checks: Check[] = [];
  const started = Date.now();
  const health = await fetcher(target, 'GET', '/health');
  checks.push({
    name: 'GET /health',
    ok: health.status === 200,
    detail: `${health.status} in ${Date.now() - started} ms`,
  });

  const t0 = Date.now();
  const predict = await fetcher(target, 'POST', '/predict', SAMPLE_CUSTOMER);
  const text = await predict.text();
  let probability: unknown;
  try {
    probability = (JSON.parse(text) as { churn_probability?: unknown }).churn_probability;
  } catch {
    probability = undefined;
  }
  const valid = typeof probability === 'number' && probability >= 0 && probability <= 1;
  checks.push({
    name: 'POST /predict',
    ok: predict.status === 200 && valid,
    detail: `${predict.status} in ${Date.now() - t0} ms: ${text.slice(0, 200)}`,
  });

  const unsigned = await unsignedFetch(endpointUrl(target, '/health'));
  checks.push({
    name: 'unsigned GET /health is refused',
    ok: unsigned.status === 403,
    detail: `${unsigned.status}`,
  });
  return checks;
}

async function run(argv: readonly string[]): Promise<void> {
  const target = parseSmokeArgs(argv);
  await requirePrerequisites([awsCredentials()]);
  const checks = await smoke(target);
  for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name} - ${c.detail}`);
  if (checks.some((c) => !c.ok))
    throw new Error('smoke test failed (a first call may hit a SageMaker cold start: retry once)');
  console.log('\nsmoke test passed');
}

if (require.main === module) main(() => run(process.argv.slice(2)));
