import { cookies } from 'next/headers';
import { NextResponse } from 'next/server';
import { isSameOrigin } from '../../../../lib/auth';
import { getConfig } from '../../../../lib/config';
import { revokedSessions } from '../../../../lib/revocation';
import { readSessionToken, SESSION_COOKIE, sessionCookieOptions } from '../../../../lib/session';

/** Ends the session on this server (its token id is revoked until it expires) and in the browser. */
export async function POST(request: Request) {
  // A cross-site page must not be able to sign the user out either.
  if (!isSameOrigin(request))
    return Response.json(
      { error: { kind: 'forbidden', message: 'Cross-site request refused.' } },
      { status: 403 },
    );
  const config = getConfig();
  const session = readSessionToken((await cookies()).get(SESSION_COOKIE)?.value, config.sessionSecret);
  if (session) revokedSessions().revoke(session.jti, session.exp);
  const response = new NextResponse(null, { status: 303, headers: { location: '/login?signedOut=1' } });
  response.cookies.set(SESSION_COOKIE, '', sessionCookieOptions(0, config.cookieSecure));
  return response;
}
