import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { revokedSessions } from './revocation';

/**
 * Stateless session cookie: base64url(JSON payload) + "." + base64url(HMAC-SHA256). Signed, not
 * encrypted: it holds only the user name, a random token id and the times, nothing secret. The
 * id lets sign-out end the token on the server (lib/revocation.ts).
 */
export const SESSION_COOKIE = 'churn_session';

export interface Session {
  user: string;
  /** Token id: random, 128 bits. */
  jti: string;
  /** Issued and expiry times, seconds since the epoch. */
  iat: number;
  exp: number;
}

const sign = (data: string, secret: string): string =>
  createHmac('sha256', secret).update(data).digest('base64url');

export function createSessionToken(
  user: string,
  secret: string,
  maxAgeSeconds: number,
  now = Date.now(),
): string {
  const iat = Math.floor(now / 1000);
  const jti = randomBytes(16).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ user, jti, iat, exp: iat + maxAgeSeconds })).toString(
    'base64url',
  );
  return `${payload}.${sign(payload, secret)}`;
}

/** The session a token carries, or null when it is missing, tampered with or expired. */
export function readSessionToken(
  token: string | undefined,
  secret: string,
  now = Date.now(),
): Session | null {
  if (!token) return null;
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = Buffer.from(sign(payload, secret), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Session;
    if (
      typeof session.user !== 'string' ||
      typeof session.exp !== 'number' ||
      typeof session.jti !== 'string'
    )
      return null;
    return session.exp > now / 1000 ? session : null;
  } catch {
    return null;
  }
}

/** As readSessionToken, and not ended by a sign-out on this server. */
export function readLiveSession(token: string | undefined, secret: string, now = Date.now()): Session | null {
  const session = readSessionToken(token, secret, now);
  return session && !revokedSessions().isRevoked(session.jti) ? session : null;
}

export function sessionCookieOptions(maxAgeSeconds: number, secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: maxAgeSeconds };
}
