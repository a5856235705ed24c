/** The log level, changed by the operator while the server runs: fewer lines at once, audited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTickets } from '../../sandbox/seed';
import { startStack, type Stack } from '../support/stack';

const operatorSecret = 'operator-secret-of-at-least-24-chars';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ OPERATOR_SECRET: operatorSecret, LOG_LEVEL: 'debug' });
});
afterAll(() => stack?.close());

const setLevel = (body: unknown) =>
  fetch(`${stack.url}/operator/log-level`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${operatorSecret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

const debugLinesDuring = async (act: () => Promise<unknown>) => {
  const before = stack.logs.length;
  await act();
  return stack.logs.slice(before).filter((line) => line.includes('"level":"debug"')).length;
};

describe('the log level', () => {
  it('changes at once, without a restart, and is audited; anything but a level is refused', async () => {
    const open = async () => stack.api(await stack.launch(demoTickets.matched), '/contact');
    expect(await debugLinesDuring(open)).toBeGreaterThan(0);

    const changed = await setLevel({ level: 'info' });
    expect(await changed.json()).toEqual({ level: 'info', configured: 'debug' });
    expect(await debugLinesDuring(open)).toBe(0);

    expect((await setLevel({ level: 'verbose' })).status).toBe(400);
    expect((await fetch(`${stack.url}/operator/log-level`, { method: 'PUT', body: '{"level":"debug"}' })).status).toBe(401);
    await setLevel({ level: 'debug' });
    expect(await debugLinesDuring(open)).toBeGreaterThan(0);

    const audit = await fetch(`${stack.url}/operator/audit?format=json&action=logLevel`, { headers: { Authorization: `Bearer ${operatorSecret}` } });
    const entries = ((await audit.json()) as { entries: Array<{ fields: string }> }).entries;
    expect(entries.map((entry) => entry.fields)).toEqual(['{"from":"debug","to":"info"}', '{"from":"info","to":"debug"}']);
  });
});
