/**
 * No secret anywhere a browser or a log reader can see: the built widget bundle, and every
 * answer and log line of a stack taken through launches, reads, writes, refusals, operator
 * export and readiness. (Every other test stack runs the same scan when it closes.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetDir } from '../../server/http/app';
import { defaultGhlSandboxToken, defaultTrengoSandboxToken, demoTasks, demoTickets } from '../../sandbox/index';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ CACHE_TTL_SECONDS: '0' });
});
afterAll(() => stack.close());

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the built widget bundle', () => {
  it('holds no secret and names none of the secret settings', () => {
    const files = filesUnder(widgetDir);
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    const secrets = [...stack.secrets.known(), defaultGhlSandboxToken, defaultTrengoSandboxToken];
    const names = ['GHL_TOKEN', 'TRENGO_TOKEN', 'TRENGO_APP_SECRET', 'SESSION_SECRET', 'OPERATOR_SECRET', 'SECRETS_FILE', 'process.env'];
    const hits = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...secrets, ...names].filter((needle) => text.includes(needle)).map((needle) => `${file.slice(widgetDir.length)} holds ${secrets.includes(needle) ? 'a secret' : needle}`);
    });
    console.info(`bundle scan: ${files.length} files, ${secrets.length} secrets and ${names.length} names searched, ${hits.length} hits`);
    expect(hits).toEqual([]);
  });

  it('keeps the session in memory only: no cookies, session storage or database in the browser', () => {
    const scripts = filesUnder(widgetDir).filter((file) => file.endsWith('.js')).map((file) => readFileSync(file, 'utf8'));
    // localStorage holds which sections an agent collapsed and the drafts of the note and task forms,
    // nothing else: the browser tests of collapsed sections (test/browser/reading.test.ts) and of drafts
    // (test/browser/drafts.test.ts) check what it holds after a working session.
    for (const storage of ['document.cookie', 'sessionStorage', 'indexedDB']) {
      expect(scripts.filter((text) => text.includes(storage)), storage).toEqual([]);
    }
    const storageKeys = new Set(scripts.flatMap((text) => text.match(/(?<=["'`])sidebar\.[A-Za-z.]*/g) ?? []));
    expect([...storageKeys].sort()).toEqual(['sidebar.collapsed.', 'sidebar.draft.', 'sidebar.language']);
  });
});

describe('answers and log lines', () => {
  it('hold no secret after a full working session and every kind of refusal', async () => {
    const session = await stack.launch(demoTickets.matched);
    await stack.api(session, '/contact');
    await stack.api(session, '/tasks', { method: 'POST', body: { title: 'Call back', dueDate: '2030-01-01T09:00:00Z' } });
    await stack.api(session, `/tasks/${demoTasks.overdue}/completed`, { method: 'PUT', body: { completed: true } });
    await stack.api(session, '/notes', { method: 'POST', body: { body: 'Spoke to Maria' } });
    await stack.api(session, '/contacts/search?q=okafor');
    await stack.api(session, '/writes');
    await stack.api(await stack.launch(demoTickets.multiple), '/contact');
    await fetch(stack.launchUrl(demoTickets.matched, 'wrong-secret'));
    await fetch(`${stack.url}/?ticket_id=1001&token=${encodeURIComponent(stack.config.trengo.appSecret)}`);
    await fetch(`${stack.url}/api/contact`, { headers: { Authorization: `Bearer ${stack.config.trengo.appSecret}` } });
    await stack.audit('?format=csv');
    await stack.audit('', 'wrong-operator-secret-value');
    await fetch(`${stack.url}/readyz`);
    stack.ghl.tokens.clear();
    await stack.api(await stack.launch(demoTickets.phoneMatch), '/contact');
    stack.ghl.reset();

    const scan = await stack.scanForSecrets();
    console.info(`secret scan: ${scan.lines} log lines and ${scan.responses} answers searched for ${scan.secrets} secrets, ${scan.hits.length} hits`);
    expect(scan.responses).toBeGreaterThan(10);
    expect(scan.lines).toBeGreaterThan(scan.responses);
    expect(scan.hits).toEqual([]);
    const where = (exchange: { method: string; path: string; status: number }) => `${exchange.method} ${exchange.path} ${exchange.status}`;
    expect(stack.exchanges.filter((exchange) => exchange.headers['set-cookie'] || exchange.headers['access-control-allow-origin']).map(where)).toEqual([]);
    expect(stack.exchanges.filter((exchange) => exchange.headers['x-content-type-options'] !== 'nosniff').map(where)).toEqual([]);
    const json = stack.exchanges.filter((exchange) => exchange.headers['content-type']?.startsWith('application/json'));
    expect(json.filter((exchange) => exchange.headers['cache-control'] !== 'no-store').map(where)).toEqual([]);
  });
});
