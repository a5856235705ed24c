/** The log's cost under load: lines written in batches after the answer, and debug lines sampled. */
import { describe, expect, it } from 'vitest';
import { createLogger, createRedactor } from '../../server/platform/log';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('the log', () => {
  it('writes the lines of one turn together, after it, each line whole and redacted', async () => {
    const chunks: string[] = [];
    const log = createLogger({ level: 'info', redact: createRedactor(() => ['a-secret-token-value']), output: (chunk) => chunks.push(chunk) });
    log.info('request', { status: 200 });
    log.warn('outside call', { echoed: 'Bearer a-secret-token-value' });
    log.debug('not at this level');
    expect(chunks).toEqual([]);
    await turn();
    expect(chunks).toHaveLength(1);
    const lines = (chunks[0] ?? '').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.msg)).toEqual(['request', 'outside call']);
    expect(chunks[0]).not.toContain('a-secret-token-value');
  });

  it('writes a large batch at once rather than holding it', () => {
    const chunks: string[] = [];
    const log = createLogger({ level: 'info', redact: (text) => text, output: (chunk) => chunks.push(chunk) });
    for (let line = 0; line < 1000; line++) log.info('request', { padding: 'x'.repeat(100) });
    expect(chunks.length).toBeGreaterThan(0);
  });

  it('samples debug lines of one message beyond its share of a second, and says how many it left out', () => {
    const lines: string[] = [];
    let at = Date.parse('2026-12-01T10:00:00.000Z');
    const log = createLogger({ level: 'debug', redact: (text) => text, sink: (line) => lines.push(line), debugPerSecond: 5, now: () => new Date(at) });
    for (let request = 0; request < 20; request++) log.debug('request received', { request });
    for (let request = 0; request < 20; request++) log.info('request', { request });
    expect(lines.filter((line) => line.includes('request received'))).toHaveLength(5);
    expect(lines.filter((line) => line.includes('"msg":"request"'))).toHaveLength(20);
    at += 1000;
    log.debug('request received', { request: 20 });
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ msg: 'request received', request: 20, sampledOut: 15 });
  });
});
