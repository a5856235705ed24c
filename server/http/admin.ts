/**
 * The settings page at `/admin`: its HTML and assets (a build of its own, so the sidebar's first
 * screen does not carry it), its sign-in at `/admin/session`, and the operator API at
 * `/admin/api` behind the page's session cookie and CSRF token.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { createAdminSessions } from './admin-session';
import type { OperatorApi } from './operator-api';

/** Where `vite build --mode admin` puts the settings page. */
export const adminDir = fileURLToPath(new URL('../../dist/admin/', import.meta.url));

function pageHeaders(headers: Headers): void {
  headers.set(
    'Content-Security-Policy',
    ["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"].join('; '),
  );
  headers.set('Cache-Control', 'no-store');
  headers.set('X-Frame-Options', 'DENY');
}

export function adminRoutes(options: { sessions: ReturnType<typeof createAdminSessions>; api: OperatorApi }) {
  const page = readPage();
  return new Hono()
    .route('/session', options.sessions.routes)
    .use('/api/*', options.sessions.requireAdmin)
    .route('/api', options.api)
    .use('/assets/*', async (c, next) => {
      await next();
      if (c.res.ok) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
    })
    .use('/assets/*', serveStatic({ root: adminDir, rewriteRequestPath: (path) => path.replace(/^\/admin\/assets/, '') }))
    .get('/', (c) => {
      const answer = c.html(page());
      pageHeaders(answer.headers);
      return answer;
    });
}

/** The built page, read once; a clear message when it has not been built. */
function readPage(): () => string {
  let html: string | undefined;
  return () => {
    try {
      html ??= readFileSync(`${adminDir}index.html`, 'utf8');
    } catch (error) {
      throw new Error(`The settings page is not built (${adminDir}index.html is missing): run \`npm run build\`.`, { cause: error });
    }
    return html;
  };
}
