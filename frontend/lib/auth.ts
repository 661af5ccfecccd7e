import { randomBytes, timingSafeEqual } from 'node:crypto';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { bcryptPool } from './bcrypt-pool';
import { DEV_PASSWORD, getConfig, type UiConfig } from './config';
import { readLiveSession, SESSION_COOKIE, type Session } from './session';

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const dummies = new Map<string, string>();

/**
 * A hash no password matches, with the same variant and cost as `hash` (random salt and
 * checksum): checking a wrong user name against it costs exactly what a wrong password costs,
 * so the time of an answer does not tell whether the user exists.
 */
export function dummyHashLike(hash: string): string {
  let dummy = dummies.get(hash);
  if (!dummy) {
    dummy = hash.slice(0, 7) + Array.from(randomBytes(53), (b) => BCRYPT_ALPHABET[b & 63]).join('');
    dummies.set(hash, dummy);
  }
  return dummy;
}

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export type PasswordCompare = (password: string, hash: string) => Promise<boolean>;

/** Off the event loop: the comparison runs on the bcrypt worker pool. */
export async function checkCredentials(
  username: string,
  password: string,
  config: UiConfig,
  compare: PasswordCompare = (p, h) => bcryptPool().compare(p, h),
): Promise<boolean> {
  const userOk = sameText(username, config.adminUsername);
  if (!config.adminPasswordHash) {
    // Development only (parseConfig refuses production without a hash).
    return userOk && sameText(password, DEV_PASSWORD);
  }
  const hash = config.adminPasswordHash;
  const passwordOk = await compare(password, userOk ? hash : dummyHashLike(hash));
  return userOk && passwordOk;
}

export async function getSession(): Promise<Session | null> {
  const jar = await cookies();
  return readLiveSession(jar.get(SESSION_COOKIE)?.value, getConfig().sessionSecret);
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
