/**
 * Rotating secrets while agents keep working: a new HighLevel or Trengo token from SIGHUP or the
 * secrets file takes over once its system accepts it, and not one request fails on the way; a
 * refused token leaves the old one in use; a new session secret ends every session.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTickets } from '../../sandbox/seed';
import { asError, startStack, type Stack } from '../support/stack';

let stack: Stack;
let folder: string;
let secretsFile: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'rotation-'));
  secretsFile = join(folder, 'secrets.json');
  writeFileSync(secretsFile, '{}');
  stack = await startStack(
    { SECRETS_FILE: secretsFile, CACHE_TTL_SECONDS: '0', GHL_RATE_LIMIT_MAX: '10000', SESSION_RATE_LIMIT: '100000' },
    { ghl: { rateLimit: { max: 10_000, intervalMs: 10_000 } }, trengo: { rateLimit: { max: 100_000, intervalMs: 60_000 } } },
  );
});
afterAll(async () => {
  await stack.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Agents opening their tickets over and over until stopped; every answer's status is kept. */
async function underLoad<T>(during: () => Promise<T>): Promise<{ result: T; statuses: number[] }> {
  const sessions = await Promise.all([demoTickets.matched, demoTickets.multiple, demoTickets.phoneMatch, demoTickets.notFound].map((id) => stack.launch(id)));
  const statuses: number[] = [];
  let running = true;
  const agents = sessions.map(async (session) => {
    while (running) statuses.push((await stack.api(session, '/contact')).status);
  });
  await new Promise((resolve) => setTimeout(resolve, 250));
  try {
    const result = await during();
    // Load goes on a little after the switch, and long enough to count on a busy machine.
    await new Promise((resolve) => setTimeout(resolve, 250));
    while (statuses.length <= 20) await new Promise((resolve) => setTimeout(resolve, 25));
    return { result, statuses };
  } finally {
    running = false;
    await Promise.all(agents);
  }
}

/** Gives the sandbox a new accepted token, puts it in the secrets file, and withdraws the old one once the server uses the new. */
async function rotateHighLevelToken(next: string, trigger: () => void): Promise<void> {
  const previous = stack.secrets.get('GHL_TOKEN');
  stack.ghl.tokens.add(next);
  writeFileSync(secretsFile, JSON.stringify({ GHL_TOKEN: next }));
  trigger();
  await expect.poll(() => stack.secrets.get('GHL_TOKEN'), { timeout: 5000 }).toBe(next);
  stack.ghl.tokens.delete(previous);
}

function report(name: string, statuses: number[], refusedCalls: number): void {
  const failures = statuses.filter((status) => status !== 200).length;
  console.info(`${name}: ${statuses.length} requests during the rotation, ${failures} failed; ${refusedCalls} calls refused with the old token were sent again`);
}

describe('rotating the HighLevel token', () => {
  it('by SIGHUP loses no request', async () => {
    stack.startRotation({ watchFile: false });
    stack.ghl.resetCalls();
    const { statuses } = await underLoad(() =>
      rotateHighLevelToken('pit-rotated-by-signal-0001', () => process.kill(process.pid, 'SIGHUP')),
    );
    report('SIGHUP', statuses, stack.ghl.calls.filter((call) => call.status === 401).length);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect([...stack.ghl.tokens]).toEqual(['pit-rotated-by-signal-0001']);
  });

  it('by changing the secrets file loses no request', async () => {
    stack.startRotation({ pollMs: 200 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    stack.ghl.resetCalls();
    const { statuses } = await underLoad(() => rotateHighLevelToken('pit-rotated-by-file-0002', () => undefined));
    report('secrets file', statuses, stack.ghl.calls.filter((call) => call.status === 401).length);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });

  it('keeps the working token when HighLevel refuses the new one, and says so in the log without it', async () => {
    const current = stack.secrets.get('GHL_TOKEN');
    const before = stack.logs.length;
    writeFileSync(secretsFile, JSON.stringify({ GHL_TOKEN: 'pit-never-accepted-0003' }));
    await expect.poll(() => stack.logs.slice(before).some((line) => line.includes('secret not rotated')), { timeout: 5000 }).toBe(true);
    expect(stack.secrets.get('GHL_TOKEN')).toBe(current);
    expect(stack.logs.slice(before).join('\n')).not.toContain('pit-never-accepted-0003');
    expect((await stack.api(await stack.launch(demoTickets.matched), '/contact')).status).toBe(200);
  });
});

describe('rotating the Trengo token', () => {
  it('by the secrets file loses no request', async () => {
    const previous = stack.secrets.get('TRENGO_TOKEN');
    const { statuses } = await underLoad(async () => {
      stack.trengo.tokens.add('trengo-rotated-by-file-0004');
      writeFileSync(secretsFile, JSON.stringify({ GHL_TOKEN: stack.secrets.get('GHL_TOKEN'), TRENGO_TOKEN: 'trengo-rotated-by-file-0004' }));
      await expect.poll(() => stack.secrets.get('TRENGO_TOKEN'), { timeout: 5000 }).toBe('trengo-rotated-by-file-0004');
      stack.trengo.tokens.delete(previous);
    });
    report('Trengo token', statuses, stack.trengo.calls.filter((call) => call.status === 401).length);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });
});

describe('rotating the session secret', () => {
  it('ends every session at once; a new launch works', async () => {
    const session = await stack.launch(demoTickets.matched);
    expect((await stack.api(session, '/contact')).status).toBe(200);
    writeFileSync(
      secretsFile,
      JSON.stringify({ GHL_TOKEN: stack.secrets.get('GHL_TOKEN'), TRENGO_TOKEN: stack.secrets.get('TRENGO_TOKEN'), SESSION_SECRET: 'session-secret-rotated-000000000000000005' }),
    );
    await expect.poll(() => stack.secrets.get('SESSION_SECRET'), { timeout: 5000 }).toBe('session-secret-rotated-000000000000000005');
    expect(asError(await stack.api(session, '/contact'))).toMatchObject({ status: 401, code: 'unauthorized' });
    expect((await stack.api(await stack.launch(demoTickets.matched), '/contact')).status).toBe(200);
  });
});
