/** The secrets file and token rotation: a new token takes over only once its system accepts it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, parseSecretsFile, ConfigError } from '../../server/platform/config';
import { createGhlClient } from '../../server/crm/highlevel/index';
import { OutsideError } from '../../server/platform/outside-http';
import { createTrengoClient } from '../../server/helpdesk/trengo/client';
import { json } from '../support/fake-fetch';
import { createLogger, createRedactor } from '../../server/platform/log';
import { createSecretRotation, createSecrets, type Secrets } from '../../server/platform/secrets';
import type { Probes } from '../../server/platform/secrets';

const initial = {
  GHL_TOKEN: 'ghl-token-current-0001',
  TRENGO_TOKEN: 'trengo-token-current-0001',
  TRENGO_APP_SECRET: 'app-secret-current-0001',
  SESSION_SECRET: 'session-secret-current-0000000000000001',
};

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function secretsFile(text: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'secrets-'));
  const file = join(dir, 'secrets.env');
  writeFileSync(file, text);
  return file;
}

/** HighLevel and Trengo stand-ins that accept the tokens in `accepted` and fail the rest as told. */
function fakeProbes(accepted: Set<string>, failure: () => OutsideError = () => new OutsideError({ system: 'highlevel', kind: 'auth', status: 401, messages: [], operation: 'POST /contacts/search' })): Probes & { tried: string[] } {
  const tried: string[] = [];
  const probe = async (token: string) => {
    tried.push(token);
    if (!accepted.has(token)) throw failure();
  };
  return { highlevel: probe, trengo: probe, tried };
}

function rotationFor(file: string | null, probes: Probes, options: { watchFile?: boolean; pollMs?: number } = {}) {
  const secrets: Secrets = createSecrets({ ...initial });
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', redact: createRedactor(() => secrets.known()), sink: (line) => lines.push(line) });
  return { secrets, lines, rotation: createSecretRotation({ secrets, file, probes, log, ...options }) };
}

describe('the secrets file', () => {
  it('reads JSON, or KEY=VALUE lines with comments and quotes', () => {
    expect(parseSecretsFile('{"GHL_TOKEN":"abc"}')).toEqual({ ok: true, secrets: { GHL_TOKEN: 'abc' } });
    expect(parseSecretsFile('# rotated monthly\nGHL_TOKEN="abc"\n\nexport TRENGO_TOKEN=def\n')).toEqual({ ok: true, secrets: { GHL_TOKEN: 'abc', TRENGO_TOKEN: 'def' } });
  });

  it('refuses other names, values that are not text, and lines that are not KEY=VALUE, without echoing values', () => {
    for (const text of ['{"GHL_API_BASE":"https://evil.example"}', '{"GHL_TOKEN":42}', 'GHL_TOKEN abc-secret-value', '[1]']) {
      const read = parseSecretsFile(text);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.problem).not.toContain('abc-secret-value');
    }
  });

  it('supplies the secrets at start-up, winning over the variables', () => {
    const file = secretsFile('{"GHL_TOKEN":"ghl-token-from-the-file"}');
    const config = loadConfig({ GHL_TOKEN: 'ghl-token-from-env-var', GHL_LOCATION_ID: 've9EPM428h8vShlRW1KT', TRENGO_TOKEN: 'trengo-0123456789', TRENGO_APP_SECRET: 'a-long-app-secret-value', SECRETS_FILE: file });
    expect(config.ghl.token).toBe('ghl-token-from-the-file');
    expect(() => loadConfig({ SECRETS_FILE: join(dir!, 'missing.env') })).toThrow(ConfigError);
  });
});

describe('rotation', () => {
  it('swaps a HighLevel token only after HighLevel accepts it', async () => {
    const probes = fakeProbes(new Set(['ghl-token-next-0002']));
    const { secrets, rotation, lines } = rotationFor(secretsFile('GHL_TOKEN=ghl-token-next-0002'), probes);
    expect(await rotation.reload('signal')).toEqual({ rotated: ['GHL_TOKEN'], refused: [] });
    expect(secrets.get('GHL_TOKEN')).toBe('ghl-token-next-0002');
    expect(probes.tried).toEqual(['ghl-token-next-0002']);
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ msg: 'secret rotated', secret: 'GHL_TOKEN' }));
  });

  it('keeps the current token when the new one is refused, and says so without the token', async () => {
    const { secrets, rotation, lines } = rotationFor(secretsFile('GHL_TOKEN=ghl-token-revoked-0003'), fakeProbes(new Set()));
    const report = await rotation.reload('signal');
    expect(report.refused).toEqual([{ name: 'GHL_TOKEN', reason: 'HighLevel refused the token', transient: false }]);
    expect(secrets.get('GHL_TOKEN')).toBe(initial.GHL_TOKEN);
    expect(lines.join('\n')).toContain('secret not rotated');
    expect(lines.join('\n')).not.toContain('ghl-token-revoked-0003');
    expect([...secrets.known()]).toContain('ghl-token-revoked-0003');
  });

  it('tries a token again at the next check when HighLevel could not be asked', async () => {
    const accepted = new Set<string>();
    const down = () => new OutsideError({ system: 'highlevel', kind: 'network', status: null, messages: [], operation: 'POST /contacts/search' });
    const probes = fakeProbes(accepted, down);
    const { secrets, rotation } = rotationFor(secretsFile('GHL_TOKEN=ghl-token-next-0004'), probes);
    expect((await rotation.reload('file')).refused[0]).toMatchObject({ transient: true });
    accepted.add('ghl-token-next-0004');
    expect((await rotation.reload('file')).rotated).toEqual(['GHL_TOKEN']);
    expect(secrets.get('GHL_TOKEN')).toBe('ghl-token-next-0004');
    // Applied once; an unchanged file costs no further call.
    await rotation.reload('file');
    expect(probes.tried).toHaveLength(2);
  });

  it('refuses a value that breaks the setting’s rule, and a file it cannot read', async () => {
    const { secrets, rotation } = rotationFor(secretsFile('SESSION_SECRET=too-short'), fakeProbes(new Set()));
    expect((await rotation.reload('signal')).refused[0]).toMatchObject({ name: 'SESSION_SECRET', transient: false });
    expect(secrets.get('SESSION_SECRET')).toBe(initial.SESSION_SECRET);
    const missing = rotationFor(join(dir!, 'gone.env'), fakeProbes(new Set()));
    expect(await missing.rotation.reload('signal')).toEqual({ rotated: [], refused: [] });
  });

  it('applies a new session secret and app secret at once (no outside system to ask)', async () => {
    const file = secretsFile(JSON.stringify({ SESSION_SECRET: 'session-secret-next-000000000000000002', TRENGO_APP_SECRET: 'app-secret-next-000002' }));
    const { secrets, rotation } = rotationFor(file, fakeProbes(new Set()));
    expect((await rotation.reload('signal')).rotated).toEqual(['TRENGO_APP_SECRET', 'SESSION_SECRET']);
    expect(secrets.get('SESSION_SECRET')).toBe('session-secret-next-000000000000000002');
  });

  it('reloads on SIGHUP', async () => {
    const file = secretsFile('');
    const { secrets, rotation } = rotationFor(file, fakeProbes(new Set(['trengo-token-next-0005'])), { watchFile: false });
    const stop = rotation.start();
    try {
      writeFileSync(file, 'TRENGO_TOKEN=trengo-token-next-0005\n');
      process.kill(process.pid, 'SIGHUP');
      await expect.poll(() => secrets.get('TRENGO_TOKEN')).toBe('trengo-token-next-0005');
    } finally {
      stop();
    }
  });

  it('picks up a changed file by itself', async () => {
    const file = secretsFile('');
    const { secrets, rotation } = rotationFor(file, fakeProbes(new Set(['ghl-token-next-0006'])), { pollMs: 200 });
    const stop = rotation.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      writeFileSync(file, '{"GHL_TOKEN":"ghl-token-next-0006"}');
      await expect.poll(() => secrets.get('GHL_TOKEN'), { timeout: 3000 }).toBe('ghl-token-next-0006');
    } finally {
      stop();
    }
  });
});

describe('a call under way while the token rotates', () => {
  /** An outside system that already dropped the old token; the token changes while the first call is out. */
  function rotatingMidCall(body: unknown) {
    let token = 'token-old-000001';
    const sent: string[] = [];
    const fetchImpl: typeof fetch = async (_input, init) => {
      const authorization = new Headers(init?.headers).get('authorization') ?? '';
      sent.push(authorization);
      if (authorization === 'Bearer token-old-000001') {
        token = 'token-new-000002';
        return json(401, { message: 'Unauthenticated.' });
      }
      return json(200, body);
    };
    return { token: () => token, fetch: fetchImpl, sent };
  }

  it('goes again with the new token at HighLevel instead of failing', async () => {
    const upstream = rotatingMidCall({ contacts: [], total: 0 });
    const client = createGhlClient({ baseUrl: 'https://ghl.test', locationId: 'loc1', token: upstream.token, fetch: upstream.fetch, cacheTtlMs: 0, maxRetries: 0 });
    await expect(client.searchContacts({ pageLimit: 1 })).resolves.toMatchObject({ contacts: [] });
    expect(upstream.sent).toEqual(['Bearer token-old-000001', 'Bearer token-new-000002']);
  });

  it('goes again with the new token at Trengo instead of failing', async () => {
    const upstream = rotatingMidCall({ id: 1, subject: null, contact: null });
    const client = createTrengoClient({ baseUrl: 'https://trengo.test', token: upstream.token, fetch: upstream.fetch, maxRetries: 0 });
    await expect(client.getTicket('1')).resolves.toMatchObject({ id: '1' });
    expect(upstream.sent).toEqual(['Bearer token-old-000001', 'Bearer token-new-000002']);
  });

  it('still fails when the token did not change: a refused token is not retried', async () => {
    const sent: string[] = [];
    const refusing: typeof fetch = async (_input, init) => {
      sent.push(new Headers(init?.headers).get('authorization') ?? '');
      return json(401, { message: 'Invalid JWT' });
    };
    const client = createGhlClient({ baseUrl: 'https://ghl.test', locationId: 'loc1', token: () => 'token-same-000003', fetch: refusing, cacheTtlMs: 0 });
    await expect(client.searchContacts({ pageLimit: 1 })).rejects.toMatchObject({ kind: 'auth' });
    expect(sent).toHaveLength(1);
  });
});
