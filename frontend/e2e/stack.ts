import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { REPO_ROOT, SERVER_JS } from '../scripts/build';

/** Starts the API and the UI as `npm start` does, on ports chosen by the caller. */
export interface Proc {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = REPO_ROOT): Proc {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return { child, output: () => output, stop };
}

export async function waitForHttp(url: string, proc: Proc, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`process exited early:\n${proc.output().slice(-3000)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms:\n${proc.output().slice(-3000)}`);
}

export function startApi(port: number): Proc {
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  return startProcess(tsx, ['api/src/server.ts'], {
    ...process.env,
    PORT: String(port),
    NODE_ENV: 'production',
    PREDICTOR: 'local',
    LOG_LEVEL: 'warn',
  });
}

export const TEST_USER = 'analyst';
export const TEST_PASSWORD = 'correct horse battery staple';

export function startUi(
  port: number,
  apiPort: number,
  extraEnv: Record<string, string> = {},
  serverJs = SERVER_JS,
): Proc {
  return startProcess(
    process.execPath,
    [serverJs],
    {
      ...process.env,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      API_URL: `http://127.0.0.1:${apiPort}`,
      ADMIN_USERNAME: TEST_USER,
      ADMIN_PASSWORD_HASH: bcrypt.hashSync(TEST_PASSWORD, 8),
      SESSION_SECRET: 'e2e-session-secret-that-is-long-enough-0123456789',
      COOKIE_SECURE: 'false',
      NEXT_TELEMETRY_DISABLED: '1',
      ...extraEnv,
    },
    path.dirname(serverJs),
  );
}
