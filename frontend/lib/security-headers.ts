/**
 * Security headers for every response. Scripts: only this origin's files and inline scripts
 * carrying the per-request nonce (Next.js reads the nonce from the request's CSP header and puts
 * it on its own inline bootstrap scripts), so no 'unsafe-inline' for scripts. Styles allow
 * 'unsafe-inline' because React writes `style` attributes (chart bar widths, progress), which a
 * nonce cannot cover; style injection is far less dangerous than script injection.
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Paths reachable without a session. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === '/login' ||
    pathname === '/api/health' ||
    pathname === '/api/auth/login' ||
    pathname.startsWith('/_next/') ||
    pathname === '/favicon.ico' ||
    pathname === '/icon.svg' ||
    pathname === '/robots.txt'
  );
}

/** A response that is data, never a document: it may load nothing and be framed by no one. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The headers every response carries, whoever answers: the proxy, or a route the proxy skips.
 * HSTS only when the visitor came over HTTPS (the ALB says so): on a plain-HTTP trial setup it
 * would lock browsers out of the site.
 */
export function setSecurityHeaders(headers: Headers, csp: string, https: boolean): void {
  headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) headers.set(name, value);
  if (https) headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}

/** For API routes the proxy does not run for (see proxy.ts's matcher). */
export function withSecurityHeaders(response: Response, request: Request): Response {
  setSecurityHeaders(response.headers, API_CSP, request.headers.get('x-forwarded-proto') === 'https');
  return response;
}
