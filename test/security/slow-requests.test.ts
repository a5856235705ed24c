/**
 * Requests that arrive too slowly are cut after `REQUEST_TIMEOUT_MS`, over a raw socket against
 * the real HTTP server: a dripped or missing body, dripped headers. Answers that take long are not.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoTickets } from '../../sandbox/seed';
import { asView, asWriteResult, startStack, type Stack } from '../support/stack';

/** Short, so a stalled request is cut within the test's time. */
const requestTimeoutMs = 1000;

let stack: Stack;
let session: string;

beforeAll(async () => {
  // The open waits for HighLevel however long it takes (no read copy standing in), so a slow answer is measured.
  stack = await startStack({ CACHE_TTL_SECONDS: '0', OPEN_COPY_AFTER_MS: '60000', REQUEST_TIMEOUT_MS: String(requestTimeoutMs) });
  session = await stack.launch(demoTickets.matched);
  asView(await stack.api(session, '/contact'));
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.ghl.resetCalls();
  stack.ghl.faults.latencyMs = 0;
});

type Cut = { status: number | null; code: string | null; afterMs: number };

/**
 * Opens a raw connection, writes `head`, then drips `drip` one byte every `everyMs`; resolves once
 * the server closes the connection, with the status and error code it answered (null for none).
 */
function slowRequest(head: string, drip: string, everyMs = 1000): Promise<Cut> {
  const { port } = new URL(stack.url);
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    let sent = 0;
    const dripping = setInterval(() => {
      if (sent < drip.length && socket.writable) socket.write(drip[sent++] ?? '');
    }, everyMs);
    const giveUp = setTimeout(() => socket.destroy(), 15_000);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(dripping);
      clearTimeout(giveUp);
      const afterMs = Date.now() - startedAt;
      if (afterMs >= 15_000) return reject(new Error('the server never cut the slow request'));
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      const code = /"code":"([a-z_]+)"/.exec(received)?.[1];
      resolve({ status: status ? Number(status) : null, code: code ?? null, afterMs });
    });
  });
}

function headOf(method: string, path: string, headers: Record<string, string>): string {
  const lines = Object.entries({ Host: '127.0.0.1', ...headers }).map(([name, value]) => `${name}: ${value}`);
  return `${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** The writes the server keeps for the ticket. */
async function storedWrites(): Promise<unknown[]> {
  const answer = await stack.api(session, '/writes');
  return (answer.body as { writes: unknown[] }).writes;
}

describe('requests that arrive too slowly', () => {
  const note = JSON.stringify({ body: 'Dripped in one byte at a time' });
  const noteHead = () =>
    headOf('POST', '/api/notes', { Authorization: `Bearer ${session}`, 'Content-Type': 'application/json', 'Content-Length': String(note.length) });

  const slow = [
    { name: 'a body dripped one byte a second', head: noteHead, drip: note, everyMs: 1000 },
    { name: 'a body dripped four bytes a second (never idle for the timeout)', head: noteHead, drip: note, everyMs: 250 },
    { name: 'a body announced and never sent', head: noteHead, drip: '', everyMs: 1000 },
    { name: 'headers dripped one byte a second', head: () => 'GET /healthz HTTP/1.1\r\n', drip: 'Host: 127.0.0.1\r\nX-Slow: yes\r\n\r\n', everyMs: 1000 },
  ];

  it.each(slow)('$name: cut with a 408 soon after the timeout, nothing written', async ({ name, head, drip, everyMs }) => {
    const writesBefore = (await storedWrites()).length;
    stack.ghl.resetCalls();
    const cut = await slowRequest(head(), drip, everyMs);
    console.log(`${name}: cut after ${cut.afterMs} ms with ${cut.status ?? 'no answer'} ${cut.code ?? ''} (timeout ${requestTimeoutMs} ms)`);
    expect(cut.afterMs).toBeGreaterThanOrEqual(requestTimeoutMs);
    expect(cut.afterMs).toBeLessThan(requestTimeoutMs * 3);
    expect(cut).toMatchObject({ status: 408, code: 'bad_request' });
    expect(stack.ghl.calls).toEqual([]);
    expect(await storedWrites()).toHaveLength(writesBefore);
  });

  it('an answer that takes longer than the timeout is not cut: only receiving the request is timed', async () => {
    stack.ghl.faults.latencyMs = requestTimeoutMs * 2;
    const startedAt = Date.now();
    asView(await stack.api(session, '/contact'));
    expect(Date.now() - startedAt).toBeGreaterThan(requestTimeoutMs * 2);
  });

  it('a write whose body arrives in time is answered and sent', async () => {
    const answer = await stack.api(session, '/notes', { method: 'POST', body: { body: 'Quick note' } });
    expect(asWriteResult(answer).write.state).toBe('done');
  });
});
