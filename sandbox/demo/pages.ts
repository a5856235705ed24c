/**
 * The demo: a page that imitates a Trengo ticket view, with the widget in a sidebar iframe
 * launched with the same parameters Trengo uses. Served only in demo mode.
 */
import { Hono } from 'hono';

export type DemoTicket = { id: string; subject: string; contactName: string };

const css = `
:root { color-scheme: light dark; --bg: #f4f5f7; --panel: #fff; --text: #1d2330; --muted: #667085; --line: #e3e6ea; --accent: #2f6fed; }
@media (prefers-color-scheme: dark) { :root { --bg: #14171c; --panel: #1c2027; --text: #e7e9ee; --muted: #9aa3b2; --line: #2c323c; --accent: #7aa2ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; background: var(--bg); color: var(--text); height: 100vh; display: grid; grid-template-columns: 260px 1fr 380px; }
nav { background: #1b2a4a; color: #dfe6f5; padding: 16px; overflow: auto; }
nav h1 { font-size: 16px; margin: 0 0 12px; }
nav a { display: block; color: inherit; text-decoration: none; padding: 8px 10px; border-radius: 6px; margin-bottom: 4px; }
nav a[aria-current="page"], nav a:hover { background: rgba(255,255,255,.14); }
nav small { display: block; opacity: .7; }
main { padding: 24px; overflow: auto; }
main h2 { margin-top: 0; }
.message { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin-bottom: 12px; max-width: 640px; }
.message .from { color: var(--muted); font-size: 12px; margin-bottom: 4px; }
aside { border-left: 1px solid var(--line); background: var(--panel); display: flex; flex-direction: column; }
aside header { padding: 10px 14px; font-weight: 600; border-bottom: 1px solid var(--line); }
aside iframe { border: 0; flex: 1; width: 100%; }
.change { margin-top: 24px; color: var(--muted); }
.change button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid var(--line); background: var(--panel); color: var(--text); cursor: pointer; }
`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/demo/demo.css"></head><body>${body}</body></html>`;
}

export function demoRoutes(options: {
  tickets: DemoTicket[];
  appSecret: string;
  /** Plays a colleague working in HighLevel on the ticket's contact; false when HighLevel has none. */
  changeInHighLevel: (ticketId: string) => Promise<boolean>;
}) {
  const { tickets, appSecret } = options;
  const nav = (currentId?: string) =>
    `<nav aria-label="Tickets"><h1>Inbox (demo)</h1>${tickets
      .map((t) => `<a href="/demo/tickets/${t.id}"${t.id === currentId ? ' aria-current="page"' : ''}>#${t.id} ${escapeHtml(t.contactName)}<small>${escapeHtml(t.subject)}</small></a>`)
      .join('')}</nav>`;

  return new Hono()
    .use('/demo/*', async (c, next) => {
      await next();
      c.header('Content-Security-Policy', "default-src 'none'; style-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'");
      c.header('Referrer-Policy', 'no-referrer');
      c.header('X-Content-Type-Options', 'nosniff');
    })
    .get('/demo', (c) => c.redirect(`/demo/tickets/${tickets[0]?.id ?? ''}`))
    .get('/demo/demo.css', (c) => c.body(css, 200, { 'Content-Type': 'text/css; charset=utf-8' }))
    // The form posts into a hidden frame, so the page (and the sidebar in it) stays as it is.
    .post('/demo/tickets/:id/change', async (c) => c.body(null, (await options.changeInHighLevel(c.req.param('id'))) ? 204 : 404))
    .get('/demo/tickets/:id', (c) => {
      const ticket = tickets.find((t) => t.id === c.req.param('id'));
      if (!ticket) return c.html(page('No such ticket', `${nav()}<main><h2>No such ticket</h2></main>`), 404);
      const widgetUrl = `/?ticket_id=${encodeURIComponent(ticket.id)}&auth_token=${encodeURIComponent(appSecret)}`;
      return c.html(
        page(
          `#${ticket.id} ${ticket.subject}`,
          `${nav(ticket.id)}<main><h2>${escapeHtml(ticket.subject)}</h2><div class="message"><div class="from">${escapeHtml(ticket.contactName)}</div>${escapeHtml(ticket.subject)}</div>` +
            `<form class="change" method="post" action="/demo/tickets/${escapeHtml(ticket.id)}/change" target="changes"><button>Add a note in HighLevel</button> ` +
            `<small>as a colleague working in HighLevel would: the sidebar shows it without a reload</small></form><iframe name="changes" title="Changes made in HighLevel" hidden></iframe></main>` +
            `<aside aria-label="Apps"><header>HighLevel</header><iframe title="HighLevel contact" src="${escapeHtml(widgetUrl)}"></iframe></aside>`,
        ),
      );
    });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
