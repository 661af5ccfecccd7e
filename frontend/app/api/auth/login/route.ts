import { NextResponse } from 'next/server';
import { checkCredentials, isSameOrigin } from '../../../../lib/auth';
import { getConfig } from '../../../../lib/config';
import { clientIp, loginLimiter } from '../../../../lib/rate-limit';
import { createSessionToken, SESSION_COOKIE, sessionCookieOptions } from '../../../../lib/session';

/** Only local paths, so the login form cannot be used to redirect elsewhere. */
const safeNext = (value: FormDataEntryValue | null): string =>
  typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
    ? value
    : '/';

// A relative Location: behind an ALB the request URL's host is the task's, not the user's.
const seeOther = (location: string) => new NextResponse(null, { status: 303, headers: { location } });

export async function POST(request: Request) {
  const config = getConfig();
  const form = await request.formData().catch(() => new FormData());
  const username = String(form.get('username') ?? '').trim();
  const password = String(form.get('password') ?? '');
  const next = safeNext(form.get('next'));
  const back = (error: string, extra: Record<string, string> = {}) => {
    // The user name comes back so it need not be typed again (never the password).
    const query = new URLSearchParams({
      error,
      ...extra,
      ...(username ? { user: username.slice(0, 64) } : {}),
      ...(next !== '/' ? { next } : {}),
    });
    return seeOther(`/login?${query}`);
  };

  if (!isSameOrigin(request)) return back('origin');
  if (!username || !password) return back('missing');
  const ip = clientIp(request.headers);
  const wait = loginLimiter.retryAfterMs(ip, username);
  if (wait > 0) return back('locked', { retry: String(Math.ceil(wait / 60000)) });

  if (!(await checkCredentials(username, password, config))) {
    loginLimiter.recordFailure(ip, username);
    const lockedNow = loginLimiter.retryAfterMs(ip, username);
    return lockedNow > 0 ? back('locked', { retry: String(Math.ceil(lockedNow / 60000)) }) : back('invalid');
  }
  loginLimiter.recordSuccess(username);
  const response = seeOther(next);
  response.cookies.set(
    SESSION_COOKIE,
    createSessionToken(config.adminUsername, config.sessionSecret, config.sessionMaxAgeSeconds),
    sessionCookieOptions(config.sessionMaxAgeSeconds, config.cookieSecure),
  );
  return response;
}
