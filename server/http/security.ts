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
 */
export function baseSecurityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    if (!c.res.headers.has('Referrer-Policy')) c.header('Referrer-Policy', 'no-referrer');
    if (c.res.headers.get('Content-Type')?.startsWith('application/json')) {
      c.header('Cache-Control', 'no-store');
      c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    }
  };
}
