/**
 * Rendering a long record: launch to the contact on screen in headless Chromium for a contact
 * with 100 tasks and 50 notes, against one with 5 tasks, both served from the server's copy
 * (the second open of each), so the difference is the widget's own work.
 */
import type { Browser } from 'playwright-core';
import { demoContacts, demoTickets } from '../../sandbox/seed';
import { startStack } from '../support/stack';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export async function longRecordBench(browser: Browser): Promise<void> {
  const stack = await startStack({ CACHE_TTL_SECONDS: '600', LAUNCH_TICKET_RATE_PER_MINUTE: '1000' });
  try {
    const { store } = stack.ghl;
    const day = 24 * 60 * 60 * 1000;
    for (let index = 0; index < 100; index++) {
      const id = store.newId();
      store.tasks.set(id, { id, contactId: demoContacts.liamChen, title: `Follow-up call ${index + 1}`, dueDate: new Date(Date.now() + (index + 2) * day).toISOString(), completed: index % 3 === 0 });
    }
    for (let index = 0; index < 50; index++) {
      const id = store.newId();
      store.notes.set(id, { id, contactId: demoContacts.liamChen, body: `Call log ${index + 1}: left a voicemail, will try again tomorrow.`, dateAdded: new Date(Date.now() - index * 60_000).toISOString() });
    }
    const open = async (ticketId: string, name: string) => {
      const page = await browser.newPage();
      const started = performance.now();
      await page.goto(stack.launchUrl(ticketId));
      await page.getByRole('heading', { name }).waitFor();
      await page.getByRole('checkbox').first().waitFor();
      const ms = performance.now() - started;
      await page.close();
      return ms;
    };
    const times = { long: [] as number[], short: [] as number[] };
    await open(demoTickets.phoneMatch, 'Liam Chen');
    await open(demoTickets.matched, 'Maria Jansen');
    for (let run = 0; run < 7; run++) {
      times.long.push(await open(demoTickets.phoneMatch, 'Liam Chen'));
      times.short.push(await open(demoTickets.matched, 'Maria Jansen'));
    }
    const [long, short] = [median(times.long), median(times.short)];
    console.log('\nA long record (100 tasks, 50 notes) against a short one, launch to tasks on screen (median of 7, from the copy):');
    console.log(`  long ${long.toFixed(0)} ms, short ${short.toFixed(0)} ms, ratio ${(long / short).toFixed(2)}; extra for the long record ${(long - short).toFixed(0)} ms (goal under 100 ms)`);
  } finally {
    await stack.close();
  }
}
