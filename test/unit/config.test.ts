import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/platform/config';

const live = {
  GHL_TOKEN: 'pit-0123456789abcdef',
  GHL_LOCATION_ID: 've9EPM428h8vShlRW1KT',
  TRENGO_TOKEN: 'trengo-0123456789',
  TRENGO_APP_SECRET: 'a-long-app-secret-value',
};

describe('configuration', () => {
  it('runs the demo when no credential is set', () => {
    const config = loadConfig({});
    expect(config.demo).toBe(true);
    expect(config.ghl.apiBase).toBe('https://services.leadconnectorhq.com');
    expect(config.trengo.origins).toEqual(['https://app.trengo.com', 'https://app.trengo.eu']);
    expect(config.port).toBe(3000);
  });

  it('reads a live configuration with its defaults', () => {
    const config = loadConfig({ ...live, DEFAULT_COUNTRY: 'nl', TRENGO_ORIGINS: 'https://app.trengo.com/ https://custom.example' });
    expect(config.demo).toBe(false);
    expect(config.defaultCountry).toBe('NL');
    expect(config.trengo.origins).toEqual(['https://app.trengo.com', 'https://custom.example']);
  });

  it('names every problem at once, with how to fix it', () => {
    try {
      loadConfig({ GHL_TOKEN: live.GHL_TOKEN, PORT: 'eighty', DEFAULT_COUNTRY: 'XX', GHL_TIMEZONE: 'Mars/Base' });
      expect.unreachable('the configuration should be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      for (const name of ['GHL_LOCATION_ID is missing', 'TRENGO_TOKEN is missing', 'TRENGO_APP_SECRET is missing', 'PORT', 'DEFAULT_COUNTRY', 'GHL_TIMEZONE']) {
        expect(message).toContain(name);
      }
      expect(message).not.toContain(live.GHL_TOKEN);
    }
  });

  it('reads the launch limits with defaults a support team does not reach, and the proxy count', () => {
    const config = loadConfig(live);
    expect(config.trustProxy).toBe(0);
    expect(config.launch).toEqual({
      appSecretGraceMs: 600_000,
      requireIframe: true,
      perAddressPerMinute: 120,
      perTicketPerMinute: 30,
      ticketsPerAddressPerHour: 300,
      failuresBeforeLockout: 10,
      lockoutMs: 900_000,
    });
    expect(loadConfig({ ...live, TRUST_PROXY: 'true', LAUNCH_REQUIRE_IFRAME: '0' })).toMatchObject({ trustProxy: 1, launch: { requireIframe: false } });
    expect(loadConfig({ ...live, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(() => loadConfig({ ...live, TRUST_PROXY: 'nginx', LAUNCH_REQUIRE_IFRAME: 'maybe' })).toThrow(/TRUST_PROXY must be 0 \(no proxy\).*\n.*LAUNCH_REQUIRE_IFRAME must be 1 or 0/);
  });

  it("reads the webhook settings, with HighLevel's published key by default and a key that is not Ed25519 refused", () => {
    expect(loadConfig(live).webhooks).toEqual({
      publicUrl: null,
      ghlPublicKey: 'MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=',
      ghlSecret: null,
      trengoSecret: null,
      maxBodyBytes: 262_144,
    });
    expect(loadConfig({ ...live, PUBLIC_URL: 'https://sidebar.example.com/' }).webhooks.publicUrl).toBe('https://sidebar.example.com');
    const rsaKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    for (const key of [rsaKey, 'not a key']) {
      expect(() => loadConfig({ ...live, GHL_WEBHOOK_PUBLIC_KEY: key })).toThrow(/GHL_WEBHOOK_PUBLIC_KEY must be an Ed25519 public key/);
    }
    expect(() => loadConfig({ ...live, GHL_WEBHOOK_SECRET: 'short' })).toThrow(/GHL_WEBHOOK_SECRET must be at least 24 random characters/);
  });

  it('connects HighLevel as a Marketplace app without a token, needing its client, a sealing key and the public address', () => {
    const { GHL_TOKEN: _, ...withoutToken } = live;
    const app = { GHL_CLIENT_ID: 'client-0123456789', GHL_CLIENT_SECRET: 'secret-0123456789', TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), PUBLIC_URL: 'https://sidebar.example' };
    const config = loadConfig({ ...withoutToken, ...app });
    expect(config.demo).toBe(false);
    expect(config.ghl.oauth).toMatchObject({ clientId: 'client-0123456789', installUrl: 'https://marketplace.gohighlevel.com/v2/oauth/chooselocation' });
    expect(config.ghl.oauth?.sealingKey).toHaveLength(32);
    expect(loadConfig(live).ghl.oauth).toBeNull();

    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return error instanceof ConfigError ? error.problems.map((problem) => problem.split(' ').slice(0, 3).join(' ')) : ['not a ConfigError'];
      }
    };
    expect(problems({ ...withoutToken, GHL_CLIENT_ID: 'client-0123456789' })).toEqual(['GHL_CLIENT_SECRET is missing', 'TOKEN_ENCRYPTION_KEY is missing', 'PUBLIC_URL is missing']);
    expect(problems(withoutToken)).toContain('GHL_CLIENT_ID is missing');
    expect(problems({ ...withoutToken, ...app, TOKEN_ENCRYPTION_KEY: 'short' })).toEqual(['TOKEN_ENCRYPTION_KEY must be']);
  });
});
