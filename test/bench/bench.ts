/**
 * `npm run bench`: the widget's size, the HighLevel calls of a ticket open, the time from launch
 * to a rendered contact in headless Chromium against sandboxes that answer in 150 ms, the read
 * copy with HighLevel down or slow, a prewarmed open, and a HighLevel change reaching an open sidebar.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { widgetDir } from '../../server/http/app';
import { adminDir } from '../../server/http/admin';
import { demoTickets } from '../../sandbox/seed';
import { launchBrowser } from '../support/browser';
import { automationsBench } from './automations';
import { liveBench } from './live';
import { loadBench } from './load';
import { longRecordBench } from './long-record';
import { readCopyBench } from './read-copy';
import { startStack, type Stack } from '../support/stack';

const latencyMs = 150;
/** A size in bytes, as the budget counts it, and in KB. */
const kb = (bytes: number) => `${bytes.toLocaleString('en')} B (${(bytes / 1024).toFixed(1)} KB)`;

/** Gzipped sizes of the built widget: what the page loads first, and what loads after the first render. */
function widgetSize() {
  const html = readFileSync(`${widgetDir}index.html`, 'utf8');
  const files = readdirSync(widgetDir)
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => ({
      name,
      entry: html.includes(`/assets/${name}`),
      bytes: gzipSync(readFileSync(`${widgetDir}${name}`), { level: 9 }).length,
    }));
  const total = (entry: boolean) => files.filter((file) => file.entry === entry).reduce((sum, file) => sum + file.bytes, 0);
  /** The first screen's catalog per language: it loads while the contact does, before the first screen shows. */
  const catalogs = files
    .map((file) => ({ language: /^words-(\w+)-/.exec(file.name)?.[1], bytes: file.bytes }))
    .filter((file): file is { language: string; bytes: number } => file.language !== undefined);
  return { files, entry: total(true), lazy: total(false), catalogs };
}

/** Sequential round trips: calls grouped into waves, a wave starting once the previous one has ended. */
function roundTrips(calls: { startedAt: number; endedAt: number }[]): number {
  let trips = 0;
  let waveEnd = -Infinity;
  for (const call of [...calls].sort((a, b) => a.startedAt - b.startedAt)) {
    if (call.startedAt >= waveEnd) {
      trips += 1;
      waveEnd = call.endedAt;
    } else {
      waveEnd = Math.max(waveEnd, call.endedAt);
    }
  }
  return trips;
}

async function main() {
  const size = widgetSize();
  console.log('Widget bundle (gzip -9):');
  for (const file of size.files) console.log(`  ${file.name.padEnd(28)} ${kb(file.bytes)}${file.entry ? '' : '   (loaded after the first render)'}`);
  console.log(`  entry JS+CSS                 ${kb(size.entry)}`);
  for (const catalog of size.catalogs) {
    console.log(`  first screen with words (${catalog.language}) ${kb(size.entry + catalog.bytes)}   (bar ${kb(15 * 1024)}, goal ${kb(12 * 1024)})`);
  }
  console.log(`  after the first render        ${kb(size.lazy)} (the editing UI, its words and the first screen's words of every language)`);
  const settingsPage = readdirSync(adminDir)
    .filter((name) => /\.(js|css)$/.test(name))
    .reduce((sum, name) => sum + gzipSync(readFileSync(`${adminDir}${name}`), { level: 9 }).length, 0);
  console.log(`  settings page (/admin)        ${kb(settingsPage)} (a build of its own: nothing of it on the sidebar's first screen)`);

  const stack = await startStack({ CACHE_TTL_SECONDS: '60' });
  const browser = await launchBrowser();
  try {
    stack.ghl.faults.latencyMs = latencyMs;
    stack.trengo.faults.latencyMs = latencyMs;

    const measureOpen = async () => {
      stack.ghl.resetCalls();
      stack.trengo.resetCalls();
      const session = await stack.launch(demoTickets.matched);
      const started = performance.now();
      await stack.api(session, '/contact');
      const elapsed = performance.now() - started;
      return { elapsed, ghl: [...stack.ghl.calls], trengo: [...stack.trengo.calls] };
    };
    const cold = await measureOpen();
    const repeat = await measureOpen();
    console.log(`\nTicket open against sandboxes answering in ${latencyMs} ms:`);
    for (const [label, open] of [['cold open', cold], ['repeat open (cache)', repeat]] as const) {
      console.log(
        `  ${label.padEnd(20)} HighLevel calls ${open.ghl.length}, sequential HighLevel round trips ${roundTrips(open.ghl)}` +
          `, Trengo calls ${open.trengo.length}; API answer in ${open.elapsed.toFixed(0)} ms`,
      );
    }
    console.log('  targets: cold open at most 2 sequential HighLevel round trips; repeat open 0 HighLevel calls');

    // Warm the browser itself (as an agent's browser already is) on a page that calls nothing outside.
    const warmUp = await browser.newPage();
    await warmUp.goto(`${stack.url}/healthz`);
    await warmUp.close();

    /**
     * One open in the browser: launch to the contact's name on screen, and every outside call the
     * widget's first screen makes (contact, pending writes, same company) once the page settles.
     */
    const browserOpen = async (run: Stack) => {
      run.ghl.resetCalls();
      run.trengo.resetCalls();
      const page = await browser.newPage();
      const started = performance.now();
      await page.goto(run.launchUrl(demoTickets.matched));
      await page.getByRole('heading', { name: 'Maria Jansen' }).waitFor();
      const ms = performance.now() - started;
      // The page never goes network-idle (its event stream stays open): wait for the editing UI and its first calls.
      await page.getByRole('button', { name: 'Edit details' }).waitFor();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await page.close();
      return { ms, ghlCalls: run.ghl.calls.length, trengoCalls: run.trengo.calls.length };
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

    // Each cold open on a fresh server, so nothing is cached; each repeat open on a warm one.
    const colds = [];
    for (let i = 0; i < 5; i++) {
      const fresh = await startStack({ CACHE_TTL_SECONDS: '60' });
      fresh.ghl.faults.latencyMs = latencyMs;
      fresh.trengo.faults.latencyMs = latencyMs;
      colds.push(await browserOpen(fresh));
      await fresh.close();
    }
    const repeats = [];
    for (let i = 0; i < 5; i++) repeats.push(await browserOpen(stack));
    const coldTrips = roundTrips(cold.ghl) + roundTrips(cold.trengo);
    console.log('\nLaunch to rendered contact in headless Chromium (median of 5):');
    console.log(`  cold     ${median(colds.map((o) => o.ms)).toFixed(0)} ms   floor: ${coldTrips} sequential outside round trips x ${latencyMs} ms = ${coldTrips * latencyMs} ms`);
    console.log(`  repeat   ${median(repeats.map((o) => o.ms)).toFixed(0)} ms   floor: 0 outside round trips`);
    console.log('Outside calls of the whole first screen (contact, pending writes, same company):');
    console.log(`  cold     HighLevel ${median(colds.map((o) => o.ghlCalls))}, Trengo ${median(colds.map((o) => o.trengoCalls))}`);
    console.log(`  repeat   HighLevel ${median(repeats.map((o) => o.ghlCalls))}, Trengo ${median(repeats.map((o) => o.trengoCalls))}`);
    await readCopyBench();
    await liveBench(browser);
    await longRecordBench(browser);
    await automationsBench(latencyMs);
    await loadBench();
  } finally {
    await browser.close();
    await stack.close();
  }
}

await main();
