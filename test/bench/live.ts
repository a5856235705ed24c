/**
 * Events end to end: the open of a ticket Trengo's INBOUND prewarmed (outside calls on the open
 * path, server time), and the time from a change made in HighLevel to an open sidebar showing it
 * in headless Chromium.
 */
import type { Browser } from 'playwright-core';
import { demoContacts, demoTickets } from '../../sandbox/seed';
import { startStack } from '../support/stack';

const percentile = (values: number[], share: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * share))] ?? NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function liveBench(browser: Browser): Promise<void> {
  const stack = await startStack({}, {}, { inboxWorker: { pollMs: 100 } }, { webhooks: true });
  try {
    for (let tries = 0; stack.trengo.webhooks.registrations.size < 2 && tries < 100; tries++) await sleep(100);

    // Prewarmed opens: a customer writes in on each ticket, then an agent opens it.
    const tickets = [demoTickets.matched, demoTickets.phoneMatch, demoTickets.multiple, demoTickets.notFound];
    for (const ticketId of tickets) stack.trengo.activity.receiveMessage({ ticketId: Number(ticketId), message: 'Hello again' });
    await stack.trengo.webhooks.idle();
    await sleep(1000);
    const opens: Array<{ ms: number; calls: number }> = [];
    for (const ticketId of tickets) {
      stack.ghl.resetCalls();
      const session = await stack.launch(ticketId);
      const started = performance.now();
      await stack.api(session, '/contact');
      opens.push({ ms: performance.now() - started, calls: stack.ghl.calls.length });
    }
    console.log('\nPrewarmed by an INBOUND event, then opened:');
    console.log(
      `  HighLevel calls on the open path: ${opens.map((open) => open.calls).join(', ')} (goal 0); ` +
        `server time p50 ${percentile(opens.map((open) => open.ms), 0.5).toFixed(1)} ms`,
    );

    // A change made in HighLevel, to the open sidebar showing it.
    const page = await browser.newPage();
    await page.goto(`${stack.url}/demo/tickets/${demoTickets.matched}`);
    const sidebar = page.frameLocator('iframe[title="HighLevel contact"]');
    await sidebar.getByRole('heading', { name: 'Maria Jansen' }).waitFor();
    await sidebar.getByRole('button', { name: 'Edit details' }).waitFor();
    await sleep(500);
    const delays: number[] = [];
    for (let n = 0; n < 20; n++) {
      const started = performance.now();
      await fetch(`${stack.ghl.url}/_sandbox/edits/contacts/${demoContacts.mariaJansen}/tags`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tags: [`bench-live-${n}`] }),
      });
      await sidebar.getByText(`bench-live-${n}`).first().waitFor({ timeout: 10_000 });
      delays.push(performance.now() - started);
    }
    await page.close();
    console.log('A change made in HighLevel to an open sidebar showing it (20 changes):');
    console.log(`  p50 ${percentile(delays, 0.5).toFixed(0)} ms, p95 ${percentile(delays, 0.95).toFixed(0)} ms (goal at most 1000 ms)`);
  } finally {
    await stack.close();
  }
}
