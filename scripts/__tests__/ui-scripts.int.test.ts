import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import bcrypt from 'bcryptjs';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const run = (
  script: string,
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
) =>
  spawnSync(TSX, [script, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, ...options.env },
  });

describe('npm run hash-password', () => {
  it('prints a bcrypt hash of the password given as an argument', () => {
    const result = run('scripts/hash-password.ts', ['a long enough password']);
    expect(result.status).toBe(0);
    const hash = result.stdout.trim();
    expect(bcrypt.compareSync('a long enough password', hash)).toBe(true);
    expect(bcrypt.getRounds(hash)).toBe(12);
  });

  it('reads the password from standard input when none is given', () => {
    const result = run('scripts/hash-password.ts', [], { input: 'piped password 123\n' });
    expect(bcrypt.compareSync('piped password 123', result.stdout.trim())).toBe(true);
  });

  it('refuses a short password and says why', () => {
    const result = run('scripts/hash-password.ts', ['short']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the password must be at least 10 characters long');
    expect(result.stdout).toBe('');
  });
});

describe('npm start', () => {
  let blocker: Server;
  let port: number;

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(() => blocker.close());

  it('names a port setting that is not a number', () => {
    const result = run('scripts/start.ts', [], { env: { API_PORT: 'eighty' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('API_PORT must be a port number, got "eighty"');
  });

  it('refuses to share a port that is already in use', () => {
    const result = run('scripts/start.ts', [], {
      env: { API_PORT: String(port), UI_PORT: String(port + 1) },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`port ${port} (API_PORT) is in use: stop what holds it or set API_PORT`);
  });
});
