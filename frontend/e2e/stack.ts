import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { REPO_ROOT, SERVER_JS } from '@telco-churn/dev-tools/ui-build';
import { stopChild, waitUntilUp } from '@telco-churn/dev-tools/processes';

/** Child processes for the tests: the UI's standalone server or the whole stack (`scripts/start.ts`). */
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
  const stop = () => stopChild(child);
  return { child, output: () => output, stop };
}

export async function waitForHttp(url: string, proc: Proc, timeoutMs = 60000): Promise<void> {
  if (await waitUntilUp(url, timeoutMs, () => proc.child.exitCode === null)) return;
  throw new Error(
    `${url} not ready after ${timeoutMs} ms (exit ${proc.child.exitCode}):\n${proc.output().slice(-3000)}`,
  );
}

/** A port nothing listens on right now, chosen by the OS. */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

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
