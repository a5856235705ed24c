/**
 * axe-core finds nothing on any screen of the sidebar, in each of its five languages, light and
 * dark, at the Trengo sidebar's width: WCAG 2.2 A and AA (target size included) and axe's best
 * practices, with the editing UI loaded and every section open.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame } from 'playwright-core';
import { demoTickets } from '../../sandbox/seed';
import { launchBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

type Violation = { id: string; impact: string | null; nodes: Array<{ target: string[] }> };

/** axe's violations in the sidebar frame, as `rule: targets`. */
async function violations(frame: Frame): Promise<string[]> {
  await frame.addScriptTag({ path: axePath });
  const found = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations;
  });
  return found.map((violation) => `${violation.id} (${violation.impact ?? 'unknown'}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** The screens, each ready once its editing UI has loaded (the language picker at the foot shows then). */
const screens = [
  { name: 'matched', ticketId: demoTickets.matched, ready: '.edit-details' },
  { name: 'not found', ticketId: demoTickets.notFound, ready: '.search' },
  { name: 'several match', ticketId: demoTickets.multiple, ready: '.search' },
  { name: 'matched by phone', ticketId: demoTickets.phoneMatch, ready: '.edit-details' },
];

/** A browser language per language the sidebar speaks. */
const locales = ['en-US', 'nl-NL', 'de-DE', 'fr-FR', 'es-ES'];

describe('accessibility', () => {
  for (const locale of locales) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`${locale}, ${colorScheme}: no axe violation on any screen`, async () => {
        // axe is injected as a script: the page's own CSP would refuse it.
        const context = await browser.newContext({ bypassCSP: true, colorScheme, locale, viewport: { width: 360, height: 900 } });
        try {
          const page = await context.newPage();
          for (const screen of screens) {
            await page.goto(stack.launchUrl(screen.ticketId));
            await page.locator('.language-picker select').waitFor();
            await page.locator(screen.ready).first().waitFor();
            expect(await page.locator('html').getAttribute('lang')).toBe(locale);
            const results = await violations(page.mainFrame());
            expect(results, `${screen.name}`).toEqual([]);
          }
        } finally {
          await context.close();
        }
      });
    }
  }
});
