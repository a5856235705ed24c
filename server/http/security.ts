/** Response headers for every page that renders in the Trengo sidebar. */
import type { Context, MiddlewareHandler } from 'hono';

export function htmlSecurityHeaders(c: Context, frameAncestors: string[]): void {
  c.header(
    'Content-Security-Policy',
    [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      `frame-ancestors ${frameAncestors.join(' ')}`,
    ].join('; '),
  );
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', 'no-store');
}

/**
 * Headers every answer carries: no content-type sniffing and no referrer. Answers that are not
 * pages (the JSON API, health, errors) are never cached, framed or run as a document.
 * The answer's own headers are changed in place: `c.header` after the answer is made would copy
 * the whole answer, body stream and all, on every request.
 */
export function baseSecurityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('X-Content-Type-Options', 'nosniff');
    if (!headers.has('Referrer-Policy')) headers.set('Referrer-Policy', 'no-referrer');
    if (headers.get('Content-Type')?.startsWith('application/json')) {
      headers.set('Cache-Control', 'no-store');
      headers.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    }
  };
}
