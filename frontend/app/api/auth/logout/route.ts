import { NextResponse } from 'next/server';
import { getConfig } from '../../../../lib/config';
import { SESSION_COOKIE, sessionCookieOptions } from '../../../../lib/session';

export function POST() {
  const response = new NextResponse(null, { status: 303, headers: { location: '/login?signedOut=1' } });
  response.cookies.set(SESSION_COOKIE, '', sessionCookieOptions(0, getConfig().cookieSecure));
  return response;
}
