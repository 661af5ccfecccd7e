import { timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { DEV_PASSWORD, getConfig, type UiConfig } from './config';
import { readSessionToken, SESSION_COOKIE, type Session } from './session';

// A valid hash of a random string: comparing against it when the user name is wrong keeps the
// response time the same as for a wrong password.
const DUMMY_HASH = '$2b$10$PczejhpNjSaF3.ue42SfxeBK.L2fnntrKAd3KPFxZninj6ohuO.8e';

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function checkCredentials(
  username: string,
  password: string,
  config: UiConfig,
): Promise<boolean> {
  const userOk = sameText(username, config.adminUsername);
  if (!config.adminPasswordHash) {
    // Development only (parseConfig refuses production without a hash).
    return userOk && sameText(password, DEV_PASSWORD);
  }
  const passwordOk = await bcrypt.compare(password, userOk ? config.adminPasswordHash : DUMMY_HASH);
  return userOk && passwordOk;
}

export async function getSession(): Promise<Session | null> {
  const jar = await cookies();
  return readSessionToken(jar.get(SESSION_COOKIE)?.value, getConfig().sessionSecret);
}

/** For pages: the session, or a redirect to /login. The proxy already checks; this is the second lock. */
export async function requireSession(): Promise<Session> {
  const session = await getSession();
  if (!session) redirect('/login');
  return session;
}

/**
 * Same-origin check for state-changing requests from the browser (defence in depth on top of
 * SameSite=Lax cookies): a cross-site form or fetch carries a foreign Origin.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return request.headers.get('sec-fetch-site') !== 'cross-site';
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * For the UI's own API routes: refuses requests without a session or from another site. The
 * proxy already checks the session; this is the second lock.
 */
export async function guardApiRequest(request: Request): Promise<Response | null> {
  if (!isSameOrigin(request))
    return Response.json(
      { error: { kind: 'forbidden', message: 'Cross-site request refused.' } },
      { status: 403 },
    );
  if (!(await getSession()))
    return Response.json(
      { error: { kind: 'unauthenticated', message: 'Your session has ended: sign in again.' } },
      { status: 401 },
    );
  return null;
}
