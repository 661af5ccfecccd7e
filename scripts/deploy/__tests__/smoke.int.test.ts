import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { stopChild } from '@telco-churn/dev-tools/processes';
import { signedFetch, smoke, SmokeTarget } from '../smoke';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** `npm run start:api` on a free port (local predictor, shipped model); resolves with its URL. */
function startApi(): Promise<{ child: ChildProcess; url: string }> {
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, ['api/src/server.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', PREDICTOR: 'local', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the API exited (${code}) before listening: ${out}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /"message":"listening".*?"port":(\d+)/.exec(out)?.[1];
      if (port) resolve({ child, url: `http://127.0.0.1:${port}` });
    });
  });
}

// The smoke test's requests against the real API server (local predictor): the sample customer
// must validate and the response must carry a probability, or the cloud smoke test would lie.
describe('smoke against the real API app', () => {
  let api: ChildProcess;
  let target: SmokeTarget;
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

  beforeAll(async () => {
    const started = await startApi();
    api = started.child;
    target = { url: new URL(started.url), region: 'eu-central-1' };
  }, 60_000);
  afterAll(() => stopChild(api));

  it('gets a 200 from /health and a churn probability from /predict', async () => {
    const fetcher: typeof signedFetch = (t, method, path, body) =>
      signedFetch(t, method, path, body, { credentials });
    const [health, predict] = await smoke(target, fetcher);
    expect(health).toEqual(expect.objectContaining({ ok: true }));
    expect(predict).toEqual(
      expect.objectContaining({ ok: true, detail: expect.stringMatching(/churn_probability/) }),
    );
  });

  it('reports the local app as open to unsigned calls (only API Gateway enforces SigV4)', async () => {
    const checks = await smoke(target, (t, m, p, b) => signedFetch(t, m, p, b, { credentials }));
    expect(checks[2]).toEqual(expect.objectContaining({ ok: false, detail: '200' }));
  });
});
