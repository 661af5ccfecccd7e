/**
 * `npm start`: the whole platform on this machine. Builds the UI when its sources changed, then
 * runs the prediction API (local model runtime, shipped model) and the UI's production server,
 * prints both URLs and the sign-in, and stops both on Ctrl-C.
 *
 * Settings: API_PORT (8000), UI_PORT (3000), UI_HOST (127.0.0.1; 0.0.0.0 to open it to the
 * network), and the UI's own (ADMIN_USERNAME, ADMIN_PASSWORD_HASH, SESSION_SECRET, …). Without
 * ADMIN_PASSWORD_HASH the local development sign-in admin / churn-demo applies, and is printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { ensureUiBuilt, REPO_ROOT, SERVER_JS } from '@telco-churn/dev-tools/ui-build';
import { stopChild, waitUntilUp } from '@telco-churn/dev-tools/processes';

const DEV_USER = 'admin';
const DEV_PASSWORD = 'churn-demo';
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    fail(`${name} must be a port number, got "${raw}"`);
  return value;
}

function assertFree(portNumber: number, host: string, name: string): Promise<void> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () =>
      fail(`port ${portNumber} (${name}) is in use: stop what holds it or set ${name}`),
    );
    probe.listen(portNumber, host, () => probe.close(() => resolve()));
  });
}

const children: ChildProcess[] = [];
let stopping = false;

function run(
  label: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = REPO_ROOT,
): ChildProcess {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => `[${label}] ${line}\n`)
      .join('');
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(prefix(chunk)));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`npm start: the ${label} stopped (${signal ?? `exit ${code}`}); stopping the rest`);
    void stopAll(1);
  });
  children.push(child);
  return child;
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(children.map((child) => stopChild(child)));
  process.exit(code);
}

async function waitFor(url: string, label: string, timeoutMs: number): Promise<void> {
  if ((await waitUntilUp(url, timeoutMs, () => !stopping)) || stopping) return;
  console.error(`npm start: the ${label} did not answer ${url} within ${timeoutMs / 1000} s`);
  await stopAll(1);
}

async function main(): Promise<void> {
  const apiPort = port('API_PORT', 8000);
  const uiPort = port('UI_PORT', 3000);
  const uiHost = process.env.UI_HOST || '127.0.0.1';
  await assertFree(apiPort, '127.0.0.1', 'API_PORT');
  await assertFree(uiPort, uiHost, 'UI_PORT');
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  // The API starts while the UI builds: both are ready sooner.
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  // Loopback whatever HOST the shell has: the UI reaches the API there, nobody else should.
  run('api', tsx, ['api/src/server.ts'], { ...process.env, PORT: String(apiPort), HOST: '127.0.0.1' });

  const built = await ensureUiBuilt({
    log: (line) =>
      line.includes('✓') || /error/i.test(line) ? console.log(`[build] ${line.trim()}`) : undefined,
  }).catch(async (error: Error) => {
    console.error(`npm start: the UI build failed: ${error.message}`);
    await stopAll(1);
    return false;
  });
  if (built) console.log(`[build] UI built (${seconds()})`);

  const devSignIn = !process.env.ADMIN_PASSWORD_HASH;
  const uiEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(uiPort),
    HOSTNAME: uiHost,
    API_URL: process.env.API_URL || `http://127.0.0.1:${apiPort}`,
    ADMIN_USERNAME: process.env.ADMIN_USERNAME || DEV_USER,
    ADMIN_PASSWORD_HASH: process.env.ADMIN_PASSWORD_HASH || bcrypt.hashSync(DEV_PASSWORD, 10),
    // A fresh secret per run: local sessions end when the platform stops.
    SESSION_SECRET: process.env.SESSION_SECRET || randomBytes(32).toString('hex'),
    // Plain http://localhost: a Secure cookie would not come back from other hosts' browsers.
    COOKIE_SECURE: process.env.COOKIE_SECURE || 'false',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  run('ui', process.execPath, [SERVER_JS], uiEnv, path.dirname(SERVER_JS));

  await Promise.all([
    waitFor(`http://127.0.0.1:${apiPort}/health`, 'API', 60_000),
    waitFor(`http://127.0.0.1:${uiPort}/api/health`, 'UI', 60_000),
  ]);
  if (stopping) return;
  const shown = uiHost === '0.0.0.0' || uiHost === '127.0.0.1' ? 'localhost' : uiHost;
  console.log(
    [
      '',
      `Telco Churn Platform ready in ${seconds()}`,
      `  UI   http://${shown}:${uiPort}`,
      `  API  http://localhost:${apiPort}   (docs: http://localhost:${apiPort}/docs)`,
      devSignIn
        ? `  Sign in as ${uiEnv.ADMIN_USERNAME} / ${DEV_PASSWORD}  (local development default; set ADMIN_PASSWORD_HASH to choose your own)`
        : `  Sign in as ${uiEnv.ADMIN_USERNAME} with the password behind ADMIN_PASSWORD_HASH`,
      '  Ctrl-C stops both.',
      '',
    ].join('\n'),
  );
}

main().catch((error: Error) => {
  console.error(`npm start: ${error.message}`);
  void stopAll(1);
});
