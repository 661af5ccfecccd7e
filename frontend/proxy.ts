import { randomBytes } from 'node:crypto';
import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from './lib/config';
import { contentSecurityPolicy, isPublicPath, STATIC_SECURITY_HEADERS } from './lib/security-headers';
import { readLiveSession, SESSION_COOKIE } from './lib/session';

/**
 * Runs before every route: sends unauthenticated visitors to /login (401 JSON for /api/*), and
 * sets the CSP with a fresh nonce plus the other security headers.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const config = getConfig();
  const nonce = randomBytes(16).toString('base64');
  const csp = contentSecurityPolicy(nonce, !config.production);

  let response: NextResponse;
  const session = readLiveSession(request.cookies.get(SESSION_COOKIE)?.value, config.sessionSecret);
  if (!session && !isPublicPath(pathname)) {
    if (pathname.startsWith('/api/')) {
      response = NextResponse.json(
        { error: { kind: 'unauthenticated', message: 'Your session has ended: sign in again.' } },
        { status: 401 },
      );
    } else {
      const login = new URL('/login', request.url);
      if (pathname !== '/') login.searchParams.set('next', pathname + search);
      response = NextResponse.redirect(login, 303);
    }
  } else {
    const headers = new Headers(request.headers);
    headers.set('x-nonce', nonce);
    headers.set('Content-Security-Policy', csp);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  // HSTS only when the visitor came over HTTPS (the ALB says so): on a plain-HTTP trial setup it
  // would lock browsers out of the site.
  if (request.headers.get('x-forwarded-proto') === 'https')
    response.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image).*)'],
};
