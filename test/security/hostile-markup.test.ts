/**
 * Hostile markup in HighLevel's data, rendered by the real widget in Chromium as Trengo frames
 * it: shown as text, never run. Hooks in every frame record any alert, dialog, script or CSP
 * violation; a second test proves the Content-Security-Policy blocks script on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { demoContacts, demoTickets } from '../../sandbox/seed';
import { launchBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let browser: Browser;

/** Runs before any script of every frame: replaces dialogs with a record, and records CSP violations. */
const tripwires = () => {
  const record = (what: string) => (...args: unknown[]) => {
    (window as unknown as { __tripped: string[] }).__tripped.push(`${what}(${args.join(',')})`);
  };
  (window as unknown as { __tripped: string[] }).__tripped = [];
  window.alert = record('alert');
  window.confirm = () => (record('confirm')(), false);
  window.prompt = () => (record('prompt')(), null);
  document.addEventListener('securitypolicyviolation', (event) => record('csp')(event.violatedDirective, event.blockedURI));
};

const hostile = {
  note: '&lt;img src=x onerror="window.__pwned=\'note\'"&gt; literal markup, shown as text',
  noteMarkup: '<svg/onload=alert(2)><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe><a href="javascript:alert(3)">click me</a> rest',
  taskTitle: '<img src=x onerror=alert(4)> Call back',
  taskBody: '"><script>alert(5)</script>',
  company: '<script>alert(6)</script>Jansen Interiors',
  tag: '<b onmouseover=alert(7)>vip',
  appointment: '<img src=x onerror=alert(8)> Site visit',
};

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  const store = stack.ghl.store;
  const maria = demoContacts.mariaJansen;
  const now = new Date().toISOString();
  store.notes.set('hostileNote0000000001', { id: 'hostileNote0000000001', contactId: maria, body: hostile.note, dateAdded: now });
  store.notes.set('hostileNote0000000002', { id: 'hostileNote0000000002', contactId: maria, body: hostile.noteMarkup, dateAdded: now });
  store.tasks.set('hostileTask000000001', { id: 'hostileTask000000001', contactId: maria, title: hostile.taskTitle, body: hostile.taskBody, dueDate: now, completed: false });
  const contact = store.contacts.get(maria)!;
  store.contacts.set(maria, { ...contact, companyName: hostile.company, tags: [...contact.tags, hostile.tag] });
  const appointment = [...store.appointments.values()].find((a) => a.contactId === maria)!;
  store.appointments.set(appointment.id, { ...appointment, title: hostile.appointment });
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Everything a frame's tripwires caught, and whether any hostile script set its flag. */
function caught(frame: Frame | Page) {
  return frame.evaluate(() => ({
    tripped: (window as unknown as { __tripped?: string[] }).__tripped ?? ['tripwires missing'],
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
  }));
}

async function openMaria() {
  const page = await browser.newPage();
  await page.addInitScript(tripwires);
  const events: string[] = [];
  page.on('dialog', (dialog) => {
    events.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => events.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) events.push(`console: ${message.text()}`);
  });
  await page.goto(`${stack.url}/demo/tickets/${demoTickets.matched}`);
  const sidebar = page.frameLocator('iframe[title="HighLevel contact"]');
  await expect.poll(() => sidebar.getByRole('heading', { name: 'Maria Jansen' }).count()).toBe(1);
  const frame = page.frames().find((f) => f.url().startsWith(`${stack.url}/`) && !f.url().includes('/demo/'));
  if (!frame) throw new Error('The sidebar frame did not load');
  return { page, sidebar, frame, events };
}

describe('hostile markup in HighLevel data', () => {
  it('shows as text in the real widget and runs nothing', async () => {
    const { page, sidebar, frame, events } = await openMaria();

    // The note whose entities decode to markup shows that markup as text.
    await expect.poll(() => sidebar.getByText('<img src=x onerror=', { exact: false }).count()).toBeGreaterThan(0);
    await expect.poll(() => sidebar.getByText('Wants oak fronts & a quartz top.', { exact: false }).count()).toBe(1);
    await expect.poll(() => sidebar.getByText('Call back', { exact: false }).count()).toBeGreaterThan(0);
    // Move over and click everything hostile markup might have made, as an agent would.
    for (const text of ['click me', 'vip', 'Call back', 'Site visit']) {
      const target = sidebar.getByText(text, { exact: false }).first();
      if ((await target.count()) > 0) await target.hover().catch(() => undefined);
    }
    await page.waitForTimeout(200);

    const planted = await frame.evaluate(
      () => document.querySelectorAll('main img, main svg [onload], iframe, [onerror], [onload], [onmouseover], a[href^="javascript:"], script:not([src])').length,
    );
    expect(planted).toBe(0);
    expect(await caught(frame)).toEqual({ tripped: [], pwned: null });
    expect(await caught(page)).toEqual({ tripped: [], pwned: null });
    expect(events).toEqual([]);
    await page.close();
  });

  it('is stopped by the Content-Security-Policy even if markup got through: no inline script or handler runs', async () => {
    const { page, frame } = await openMaria();
    const outcome = await frame.evaluate(async () => {
      const inline = document.createElement('script');
      inline.textContent = "window.__pwned = 'inline'";
      document.body.append(inline);
      const image = document.createElement('img');
      image.setAttribute('src', 'data:,x');
      image.setAttribute('onerror', "window.__pwned = 'handler'");
      document.body.append(image);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null };
    });
    expect(outcome).toEqual({ pwned: null });
    const { tripped } = await caught(frame);
    expect(tripped.some((entry) => entry.startsWith('csp(script-src'))).toBe(true);
    await page.close();
  });
});

describe('the widget page', () => {
  it('carries a strict policy: own scripts only, no inline code or eval, framed only by the Trengo origins', async () => {
    const answer = await fetch(stack.launchUrl(demoTickets.matched));
    const directives = new Map(
      (answer.headers.get('content-security-policy') ?? '').split(';').map((part) => {
        const [name = '', ...values] = part.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src') ?? directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual([...stack.config.trengo.origins, "'self'"]);
    expect(answer.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('set-cookie')).toBeNull();

    const html = await answer.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((tag) => /\ssrc="\/assets\//.test(tag))).toBe(true);
    expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>|\son[a-z]+=|<style\b|\sstyle=|javascript:/i);
  });
});
