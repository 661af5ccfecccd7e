import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Builds the UI (Next.js standalone output) and makes the standalone folder self-contained the
 * way Dockerfile.ecs does: `.next/static` and `public/` copied beside `server.js`. A fingerprint
 * of the inputs lets `npm start` and the browser tests skip the build when nothing changed.
 */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FRONTEND_DIR = path.join(REPO_ROOT, 'frontend');
export const STANDALONE_DIR = path.join(FRONTEND_DIR, '.next', 'standalone');
/** The server entry: the tracing root is the repository, so the app sits in `frontend/`. */
export const SERVER_JS = path.join(STANDALONE_DIR, 'frontend', 'server.js');
const STAMP = path.join(STANDALONE_DIR, '.churn-ui-build');

const SKIP_DIRS = new Set(['node_modules', '.next', 'e2e', '__tests__', 'scripts']);

function collect(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) collect(path.join(dir, entry.name), out);
    } else if (!/\.test\.tsx?$/.test(entry.name) && entry.name !== 'README.md') {
      out.push(path.join(dir, entry.name));
    }
  }
}

/** Hash of every file the build reads: the app, the packages it may import and the lock file. */
export function inputFingerprint(): string {
  const files: string[] = [];
  collect(FRONTEND_DIR, files);
  collect(path.join(REPO_ROOT, 'packages'), files);
  files.push(path.join(REPO_ROOT, 'package-lock.json'));
  const hash = createHash('sha256');
  // Contents, not times: formatting runs and checkouts that leave a file as it was cost no build.
  for (const file of files.sort())
    hash.update(`${path.relative(REPO_ROOT, file)}\n`).update(readFileSync(file));
  return hash.digest('hex');
}

export function isBuildCurrent(): boolean {
  return existsSync(SERVER_JS) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === inputFingerprint();
}

function runNextBuild(log: (line: string) => void): Promise<void> {
  const nextBin = require.resolve('next/dist/bin/next', { paths: [REPO_ROOT] });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build', 'frontend'], {
      cwd: REPO_ROOT,
      // jest runs with NODE_ENV=test, which Next refuses to build with.
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code}):\n${output.slice(-4000)}`)),
    );
  });
}

// One build at a time per checkout: jest runs test files in parallel workers, and two
// `next build`s writing the same .next folder corrupt it.
const LOCK = path.join(
  tmpdir(),
  `churn-ui-build-${createHash('sha1').update(REPO_ROOT).digest('hex').slice(0, 12)}.lock`,
);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Another live process holds the lock: its build may be rewriting .next right now. */
function buildInProgress(): boolean {
  if (!existsSync(LOCK)) return false;
  const holder = Number(readFileSync(LOCK, 'utf8') || 0);
  return holder !== process.pid && holder > 0 && isAlive(holder);
}

async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      const fd = openSync(LOCK, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch {
      const holder = Number(existsSync(LOCK) ? readFileSync(LOCK, 'utf8') : 0);
      if (holder && !isAlive(holder)) rmSync(LOCK, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

/** Builds when the inputs changed (or when forced); returns whether it built. */
export async function ensureUiBuilt(
  options: { force?: boolean; log?: (line: string) => void } = {},
): Promise<boolean> {
  const log = options.log ?? (() => undefined);
  if (!options.force && !buildInProgress() && isBuildCurrent()) return false;
  return withBuildLock(async () => {
    // Another process may have built while this one waited.
    if (!options.force && isBuildCurrent()) return false;
    const fingerprint = inputFingerprint();
    await runNextBuild(log);
    const appDir = path.join(STANDALONE_DIR, 'frontend');
    cpSync(path.join(FRONTEND_DIR, '.next', 'static'), path.join(appDir, '.next', 'static'), {
      recursive: true,
    });
    cpSync(path.join(FRONTEND_DIR, 'public'), path.join(appDir, 'public'), { recursive: true });
    writeFileSync(STAMP, fingerprint);
    return true;
  });
}

if (require.main === module) {
  const started = Date.now();
  ensureUiBuilt({ force: !process.argv.includes('--if-changed'), log: (line) => console.log(line) })
    .then((built) =>
      console.log(
        built ? `UI built in ${((Date.now() - started) / 1000).toFixed(1)} s` : 'UI build is up to date',
      ),
    )
    .catch((error: Error) => {
      console.error(error.message);
      process.exit(1);
    });
}
