import { NextResponse } from 'next/server';
import { checkCredentials, isSameOrigin } from '../../../../lib/auth';
import { clientSource } from '../../../../lib/client-address';
import { getConfig } from '../../../../lib/config';
import { OneAtATime, QueueFullError } from '../../../../lib/one-at-a-time';
import { loginLimiter } from '../../../../lib/rate-limit';
import { safeNextPath } from '../../../../lib/safe-next';
import { createSessionToken, SESSION_COOKIE, sessionCookieOptions } from '../../../../lib/session';

// One password check per user name at a time, a few more waiting: a flood for one user costs
// one bcrypt at a time, and everyone else's requests keep the event loop.
const checks = new OneAtATime(4);

// A relative Location: behind an ALB the request URL's host is the task's, not the user's.
const seeOther = (location: string) => new NextResponse(null, { status: 303, headers: { location } });

const minutes = (ms: number) => String(Math.max(1, Math.ceil(ms / 60000)));

export async function POST(request: Request) {
  const config = getConfig();
  const form = await request.formData().catch(() => new FormData());
  const username = String(form.get('username') ?? '').trim();
  const password = String(form.get('password') ?? '');
  const next = safeNextPath(form.get('next'));
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
  const source = clientSource(request.headers, config.trustedProxyHops);
  // Counted before the check: a burst is refused past the limit instead of all checked at once.
  const admission = loginLimiter.admit(source, username);
  if (!admission.admitted) return back('locked', { retry: minutes(admission.retryAfterMs) });

  let ok: boolean;
  try {
    ok = await checks.run(username.toLowerCase(), () => checkCredentials(username, password, config));
  } catch (error) {
    admission.finish('error');
    if (error instanceof QueueFullError) return back('busy');
    throw error;
  }
  admission.finish(ok ? 'success' : 'failure');
  if (!ok) {
    const lockedNow = loginLimiter.retryAfterMs(source, username);
    return lockedNow > 0 ? back('locked', { retry: minutes(lockedNow) }) : back('invalid');
  }
  const response = seeOther(next);
  response.cookies.set(
    SESSION_COOKIE,
    createSessionToken(config.adminUsername, config.sessionSecret, config.sessionMaxAgeSeconds),
    sessionCookieOptions(config.sessionMaxAgeSeconds, config.cookieSecure),
  );
  return response;
}
