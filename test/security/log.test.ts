/** The log: JSON lines at the configured level, with every known secret removed whatever put it there. */
import { describe, expect, it } from 'vitest';
import { createLogger, createRedactor } from '../../server/platform/log';

const token = 'pit-5f2c1e0b-9a7d-4c3e-8b1a-0d6e4f2a9c71';
const appSecret = 'app "secret" / with & odd chars';

function capture(level: 'debug' | 'info' | 'warn' | 'error', secrets: string[] = [token, appSecret]) {
  const lines: string[] = [];
  const log = createLogger({ level, redact: createRedactor(() => secrets), sink: (line) => lines.push(line) });
  return { log, lines };
}

describe('the redactor', () => {
  const redact = createRedactor(() => [token, appSecret, 'short']);

  it('removes a secret as written, JSON-escaped and URL-encoded', () => {
    expect(redact(`token ${token}`)).toBe('token [redacted]');
    expect(redact(JSON.stringify({ echoed: `x${appSecret}y` }))).not.toContain('secret');
    expect(redact(`/?auth_token=${encodeURIComponent(appSecret)}&ticket_id=1`)).not.toContain(encodeURIComponent(appSecret));
  });

  it('removes anything after Bearer, and the launch parameters auth_token and token', () => {
    expect(redact('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer [redacted]');
    expect(redact('GET /?ticket_id=1&auth_token=guess-me&x=1')).toBe('GET /?ticket_id=1&auth_token=[redacted]&x=1');
    expect(redact('GET /?token=guess-me')).toBe('GET /?token=[redacted]');
    expect(redact('send Authorization: Bearer <OPERATOR_SECRET>.')).toBe('send Authorization: Bearer <OPERATOR_SECRET>.');
  });

  it('leaves ordinary words alone: secrets too short to be real are not searched for', () => {
    expect(redact('a short note')).toBe('a short note');
  });

  it('reads the secrets on every call, so a rotated one is covered at once', () => {
    const secrets = [token];
    const rotating = createRedactor(() => secrets);
    secrets.push('pit-new-token-after-rotation');
    expect(rotating('pit-new-token-after-rotation')).toBe('[redacted]');
  });
});

describe('the logger', () => {
  it('writes one JSON object per line with time, level and message', () => {
    const { log, lines } = capture('info');
    log.info('request', { status: 200 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', msg: 'request', status: 200, time: expect.any(String) });
  });

  it('skips lines below its level', () => {
    const { log, lines } = capture('warn');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines.map((line) => JSON.parse(line).level)).toEqual(['warn', 'error']);
  });

  it('redacts secrets in fields and in errors an outside system echoed', () => {
    const { log, lines } = capture('debug');
    log.error('failed', { error: new Error(`HighLevel said: invalid token ${token}`), header: `Bearer ${token}` });
    expect(lines.join('\n')).not.toContain(token);
    expect(JSON.parse(lines[0]!).error.message).toBe('HighLevel said: invalid token [redacted]');
  });
});
