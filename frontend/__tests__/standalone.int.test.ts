import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startUi, TEST_PASSWORD, TEST_USER, waitForHttp, type Proc } from '../e2e/stack';
import { ensureUiBuilt, FRONTEND_DIR, REPO_ROOT, STANDALONE_DIR } from '@telco-churn/dev-tools/ui-build';

jest.setTimeout(180_000);

/**
 * The container's layout, rebuilt outside the repository: the standalone folder alone, then
 * `.next/static` and `public/` copied in as Dockerfile.ecs does. Nothing can be resolved from
 * the repository's node_modules from there.
 */
function assembleLikeDockerfile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'churn-ui-standalone-'));
  cpSync(STANDALONE_DIR, dir, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}.next${path.sep}static`) && !src.endsWith(`${path.sep}public`),
  });
  cpSync(path.join(FRONTEND_DIR, '.next', 'static'), path.join(dir, 'frontend', '.next', 'static'), {
    recursive: true,
  });
  cpSync(path.join(FRONTEND_DIR, 'public'), path.join(dir, 'frontend', 'public'), { recursive: true });
  return dir;
}

describe('the standalone UI server (as Dockerfile.ecs packs it)', () => {
  let dir: string;
  let ui: Proc | undefined;
  let base: string;

  beforeAll(async () => {
    await ensureUiBuilt();
    dir = assembleLikeDockerfile();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // The API is deliberately absent: the health check must not need it.
    ui = startUi(port, 9, {}, path.join(dir, 'frontend', 'server.js'));
    await waitForHttp(`${base}/api/health`, ui, 30_000);
  });

  afterAll(async () => {
    await ui?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers the ALB health check without a session and without the API', async () => {
    const response = await fetch(`${base}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', service: 'churn-ui' });
  });

  it('serves the static JavaScript the pages load', async () => {
    const manifest = JSON.parse(
      readFileSync(path.join(FRONTEND_DIR, '.next', 'build-manifest.json'), 'utf8'),
    );
    const chunk: string = manifest.rootMainFiles[0];
    const response = await fetch(`${base}/_next/${chunk}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    const response = await fetch(`${base}/model`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/\/login\?next=%2Fmodel$/);
  });

  it('sets a nonce CSP without unsafe-inline scripts, and the other security headers', async () => {
    const response = await fetch(`${base}/login`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(await response.text()).toContain(`nonce="${nonce}"`);
  });

  it('signs in: the bcrypt worker finds bcryptjs inside the standalone folder', async () => {
    const response = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: base },
      body: new URLSearchParams({ username: TEST_USER, password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(response.headers.get('set-cookie')).toMatch(/^churn_session=[^;]+\./);
  });

  it('refuses to start in production without a password hash and a session secret, naming both', async () => {
    const bad = startUi(
      await freePort(),
      9,
      { ADMIN_PASSWORD_HASH: '', SESSION_SECRET: '' },
      path.join(dir, 'frontend', 'server.js'),
    );
    const code = await new Promise<number | null>((resolve) => bad.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(bad.output()).toMatch(/ADMIN_PASSWORD_HASH is required in production/);
    expect(bad.output()).toMatch(/SESSION_SECRET is required in production/);
  });
});

describe('Dockerfile.ecs', () => {
  const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile.ecs'), 'utf8');

  it('copies the package.json of every workspace before npm ci, and the packages before the build', () => {
    const { workspaces } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      workspaces: string[];
    };
    const folders = workspaces.flatMap((pattern) =>
      pattern.endsWith('/*')
        ? readdirSync(path.join(REPO_ROOT, pattern.slice(0, -2)), { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
        : [pattern],
    );
    const install = dockerfile.indexOf('RUN npm ci');
    expect(install).toBeGreaterThan(0);
    for (const folder of folders) {
      const copy = dockerfile.indexOf(`COPY ${folder}/package.json ./${folder}/`);
      expect({ folder, copied: copy >= 0 && copy < install }).toEqual({ folder, copied: true });
    }
    expect(dockerfile).toMatch(/^COPY packages \.\/packages$/m);
  });

  it('copies the static assets and public/ beside the standalone server', () => {
    expect(dockerfile).toMatch(/COPY --from=build \S* ?\/app\/frontend\/\.next\/standalone \.\//);
    expect(dockerfile).toMatch(/\/app\/frontend\/\.next\/static \.\/frontend\/\.next\/static/);
    expect(dockerfile).toMatch(/\/app\/frontend\/public \.\/frontend\/public/);
  });

  it('runs as a non-root user, bound to every interface, with a health check on /api/health', () => {
    expect(dockerfile).toMatch(/^USER (?!root)\w+/m);
    expect(dockerfile).toMatch(/HOSTNAME=0\.0\.0\.0/);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/api\/health/);
    expect(dockerfile).toMatch(/CMD \["node", "frontend\/server\.js"\]/);
  });
});
