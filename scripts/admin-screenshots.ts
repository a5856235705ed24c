/**
 * Pictures of the settings page for the README, into docs/admin/: the sign-in, then each part of
 * the signed-in page against the sandboxes, with something worth seeing in it (a change HighLevel
 * refused, a read-only token, a connection test with a failed step and its advice).
 *
 *   npx tsx scripts/admin-screenshots.ts
 */
import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { demoTickets } from '../sandbox/seed';
import { launchBrowser } from '../test/support/browser';
import { startStack, type Stack } from '../test/support/stack';

const folder = fileURLToPath(new URL('../docs/admin/', import.meta.url));
const operatorSecret = 'operator-secret-of-at-least-24-chars';
const width = 1280;

/** Puts a section at the top of the window, the window as tall as the section, and saves it. */
async function shoot(page: Page, file: string, sectionName?: string): Promise<void> {
  if (sectionName) {
    const section = page.getByRole('region', { name: sectionName, exact: true });
    const box = await section.evaluate((element) => {
      const rect = element.getBoundingClientRect();
      return { top: rect.top + window.scrollY, height: rect.height };
    });
    await page.setViewportSize({ width, height: Math.round(Math.min(1100, Math.max(640, box.height + 32))) });
    await page.evaluate((top) => window.scrollTo({ top: top - 16, behavior: 'instant' }), box.top);
  }
  await page.screenshot({ path: `${folder}${file}` });
  console.log(`${file}: ${Math.round(statSync(`${folder}${file}`).size / 1024)} KB`);
}

/** An agent's note HighLevel refuses with `status`: a 422 fails it for good, a 403 keeps it and makes the sidebar read-only. */
async function refusedNote(stack: Stack, status: 403 | 422, body: string): Promise<void> {
  const session = await stack.launch(demoTickets.matched);
  await stack.api(session, '/contact');
  stack.ghl.faults.failNext(1, status);
  await stack.api(session, '/notes', { method: 'POST', body: { body } });
}

/** Takes the focus (and a caret or focus ring with it) out of the picture. */
const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

mkdirSync(folder, { recursive: true });
// Without PUBLIC_URL, so the connection test shows a failed step with its advice; without the
// Trengo token, which the page then sets.
const stack = await startStack({ OPERATOR_SECRET: operatorSecret }, {}, {}, { unsetTokens: ['TRENGO_TOKEN'] });
const browser = await launchBrowser();
try {
  const dark = await browser.newContext({ viewport: { width, height: 640 }, colorScheme: 'dark', reducedMotion: 'reduce' });
  const signInPage = await dark.newPage();
  await signInPage.goto(`${stack.url}/admin`);
  await signInPage.getByLabel('Operator secret').fill('a-wrong-secret');
  await signInPage.getByRole('button', { name: 'Sign in' }).click();
  await signInPage.getByRole('alert').filter({ hasText: 'not the operator secret' }).waitFor();
  await shoot(signInPage, 'sign-in.png');
  await dark.close();

  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: 'light', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const loaded = async () => {
    await page.getByRole('region', { name: 'Log level' }).getByLabel('Log level').waitFor();
    await page.waitForFunction(() => !document.body.textContent?.includes('Loading…'));
  };
  await page.goto(`${stack.url}/admin`);
  await page.getByLabel('Operator secret').fill(operatorSecret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await loaded();
  const connect = page.getByRole('region', { name: 'Connect' });
  await connect.getByLabel('New Trengo API token').fill(stack.sandboxTokens.TRENGO_TOKEN);
  await connect.getByRole('button', { name: 'Save the Trengo API token' }).click();
  await connect.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await blur(page);
  await shoot(page, 'connect.png', 'Connect');

  await refusedNote(stack, 422, 'Call back about the quote on Friday');
  const test = page.getByRole('region', { name: 'Test the connection' });
  await test.getByRole('button', { name: 'Run the test' }).click();
  await test.getByRole('status').filter({ hasText: /steps (passed|failed)/ }).waitFor({ timeout: 15_000 });
  await blur(page);
  await shoot(page, 'connection-test.png', 'Test the connection');

  // After the test (whose write would end it): a change refused for the token's scope, and the read-only notice.
  await refusedNote(stack, 403, 'Sent once the token may write');
  await page.reload();
  await loaded();
  await page.getByRole('region', { name: 'The sidebar is read-only' }).waitFor();
  await shoot(page, 'what-agents-see.png', 'What agents see');
  await shoot(page, 'outbox.png', 'Outbox');

  const audit = page.getByRole('region', { name: 'Audit log' });
  await audit.getByLabel('Action').fill('createNote');
  await Promise.all([page.waitForResponse((answer) => answer.url().includes('action=createNote')), audit.getByRole('button', { name: 'Show entries' }).click()]);
  await audit.getByRole('table').waitFor();
  await blur(page);
  await shoot(page, 'audit-log.png', 'Audit log');
  await context.close();
} finally {
  await browser.close();
  await stack.close();
}
