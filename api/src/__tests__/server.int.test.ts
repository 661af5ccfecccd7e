import { ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';

const SERVER = path.resolve(__dirname, '..', 'server.ts');
jest.setTimeout(60_000);

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startServer(env: Record<string, string>): { child: ChildProcess; exited: Promise<Exit> } {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), SERVER], {
    // From another directory: the default model is found from the source, not the cwd.
    cwd: path.parse(process.cwd()).root,
    env: { ...process.env, PREDICTOR: '', SAGEMAKER_ENDPOINT_NAME: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, exited };
}

async function listeningPort(child: ChildProcess): Promise<number> {
  let seen = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      seen += c.toString();
      const line = seen.split('\n').find((l) => l.includes('"listening"'));
      if (line) resolve(JSON.parse(line).port);
    });
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
}

describe('npm run start:api', () => {
  it('serves on the port it is given, from any directory, and stops cleanly on SIGTERM', async () => {
    const { child, exited } = startServer({ PORT: '0' });
    const port = await listeningPort(child);
    const reply = await fetch(`http://127.0.0.1:${port}/health`);
    expect(reply.status).toBe(200);
    expect(await reply.json()).toMatchObject({ status: 'ok', predictor: 'local' });
    child.kill('SIGTERM');
    const { code, stdout } = await exited;
    expect(code).toBe(0);
    expect(stdout).toContain('"message":"stopping"');
  });

  it('listens on loopback only by default: not reachable on the machine’s network address', async () => {
    const { child, exited } = startServer({ PORT: '0' });
    const port = await listeningPort(child);
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    const reach = (host: string) =>
      new Promise<string>((resolve) => {
        const socket = connect({ host, port }, () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
    try {
      expect(await reach('127.0.0.1')).toBe('connected');
      if (lan) expect(await reach(lan)).toBe('ECONNREFUSED');
      else console.log('server.int: no non-loopback IPv4 interface here; checked loopback only');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it.each([
    ['CHURN_THRESHOLD', '2'],
    ['PORT', 'eighty'],
    ['HOST', 'not a host'],
    ['PREDICTOR', 'remote'],
  ])('refuses to start on a bad %s and names it', async (setting, value) => {
    const { code, stderr } = await startServer({ [setting]: value }).exited;
    expect(code).toBe(2);
    expect(stderr).toContain(`Cannot start the API: invalid setting ${setting}`);
  });

  it('refuses to start without a model and says where it looked', async () => {
    const { code, stderr } = await startServer({ MODEL_DIR: '/nonexistent/model' }).exited;
    expect(code).toBe(1);
    expect(stderr).toContain('/nonexistent/model');
  });
});
