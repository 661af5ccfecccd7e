// Any host would do: the value only has to be one no path can turn into another origin.
const SELF = 'http://churn-ui.invalid';
const MAX_LENGTH = 2048;

/** Control characters (C0, DEL, C1), the space and the backslash. */
const unsafe = (code: number) => code <= 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x5c;

/**
 * Where to go after signing in: only a plain local path. Browsers drop tabs and newlines from
 * URLs and read `\` as `/`, so `/\t/evil.example` or `/\evil.example` would leave the site: any
 * control character, space or backslash refuses the value. What is left is resolved against the
 * site's own origin and must stay there; the answer is that URL's path, query and fragment, in
 * the URL parser's own (percent-encoded) spelling, so the Location header holds nothing raw.
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return '/';
  for (let i = 0; i < value.length; i++) if (unsafe(value.charCodeAt(i))) return '/';
  let url: URL;
  try {
    url = new URL(value, SELF);
  } catch {
    return '/';
  }
  if (url.origin !== SELF) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
