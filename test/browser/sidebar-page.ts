/** The demo ticket page with the widget in its sidebar iframe, as the browser tests drive it. */
import { expect } from 'vitest';
import type { FrameLocator, Page } from 'playwright-core';
import type { Stack } from '../support/stack';

export interface OpenTicket {
  page: Page;
  sidebar: FrameLocator;
  /** Uncaught errors and console errors in the page and the sidebar. */
  errors: string[];
  /** What has focus inside the sidebar: its tag, accessible label or text, and value. */
  focused(): Promise<{ tag: string; label: string; value: string } | null>;
}

/**
 * Opens a ticket in the demo page and waits for the sidebar's first screen. `browser` is a
 * browser (each page a fresh profile) or a context (pages sharing one profile, its storage too).
 */
export async function openTicket(browser: { newPage(): Promise<Page> }, stack: Stack, ticketId: string): Promise<OpenTicket> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${stack.url}/demo/tickets/${ticketId}`);
  const sidebar = page.frameLocator('iframe[title="HighLevel contact"]');
  await expect.poll(() => sidebar.getByRole('heading', { level: 1 }).count()).toBe(1);
  const focused = async () => {
    const frame = await page.locator('iframe[title="HighLevel contact"]').contentFrame().locator('body').elementHandle();
    return (
      (await frame?.evaluate((body) => {
        const active = body.ownerDocument.activeElement as HTMLInputElement | null;
        if (!active || active === body) return null;
        const labelledBy = active.getAttribute('aria-labelledby');
        const label =
          active.getAttribute('aria-label') ??
          (active.id ? body.ownerDocument.querySelector(`label[for="${active.id}"]`)?.textContent : null) ??
          (labelledBy ? body.ownerDocument.getElementById(labelledBy)?.textContent : null) ??
          active.textContent ??
          '';
        return { tag: active.tagName.toLowerCase(), label: label.trim(), value: active.value ?? '' };
      })) ?? null
    );
  };
  return { page, sidebar, errors, focused };
}

/** Waits until the editing UI has loaded and every change has reached HighLevel. */
export async function settled(sidebar: FrameLocator): Promise<void> {
  await expect.poll(() => sidebar.getByRole('button', { name: /^Edit details$|^Create in HighLevel$|Link another contact/ }).count()).toBeGreaterThan(0);
  await expect.poll(() => sidebar.getByText('Saving…').count()).toBe(0);
  await expect.poll(() => sidebar.getByText(/Waiting for HighLevel/).count()).toBe(0);
}
