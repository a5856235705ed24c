/** The hardening settings: their defaults, and refusals that name the setting without echoing a secret. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/platform/config';

const live = {
  GHL_TOKEN: 'pit-0123456789abcdef',
  GHL_LOCATION_ID: 've9EPM428h8vShlRW1KT',
  TRENGO_TOKEN: 'trengo-0123456789',
  TRENGO_APP_SECRET: 'a-long-app-secret-value',
};

describe('hardening settings', () => {
  it('default to info logs live and debug in the demo, a 64 KB body sent within 10 s, 120 requests a minute and 12-hour sessions', () => {
    expect(loadConfig(live)).toMatchObject({
      logLevel: 'info',
      maxBodyBytes: 65_536,
      requestTimeoutMs: 10_000,
      secretsFile: null,
      session: { ttlMs: 12 * 3_600_000, maxLifetimeMs: 7 * 24 * 3_600_000, ratePerMinute: 120 },
    });
    expect(loadConfig({}).logLevel).toBe('debug');
    expect(loadConfig({ ...live, LOG_LEVEL: 'warn', MAX_BODY_BYTES: '2048', REQUEST_TIMEOUT_MS: '3000', SESSION_RATE_LIMIT: '30' })).toMatchObject({
      logLevel: 'warn',
      maxBodyBytes: 2048,
      requestTimeoutMs: 3000,
      session: { ratePerMinute: 30 },
    });
  });

  it('refuses values out of range, naming each', () => {
    try {
      loadConfig({ ...live, LOG_LEVEL: 'verbose', MAX_BODY_BYTES: '10', REQUEST_TIMEOUT_MS: '0', SESSION_RATE_LIMIT: '0' });
      expect.unreachable('the configuration should be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      for (const name of ['LOG_LEVEL', 'MAX_BODY_BYTES', 'REQUEST_TIMEOUT_MS', 'SESSION_RATE_LIMIT']) expect((error as ConfigError).message).toContain(name);
      expect((error as ConfigError).message).not.toContain(live.GHL_TOKEN);
    }
  });
});
