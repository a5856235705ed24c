/**
 * The server's configuration: environment variables, validated once at start-up.
 * Nothing else in the server reads `process.env`.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isSupportedCountry } from 'libphonenumber-js';
import { logLevels, type LogLevel } from './log';
import { readSealingKey } from './sealed';

/** The key HighLevel signs its app webhooks with (`X-GHL-Signature`), as it publishes it. */
export const highLevelWebhookPublicKey = 'MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=';

/** Each setting: its variable, its meaning (for the README and error messages), and its rule. */
const settings = {
  GHL_TOKEN: z.string().min(10, 'is too short to be a token'),
  GHL_CLIENT_ID: z.string().min(8, 'is too short to be a Marketplace app client id').optional(),
  GHL_CLIENT_SECRET: z.string().min(8, 'is too short to be a Marketplace app client secret').optional(),
  TOKEN_ENCRYPTION_KEY: z
    .string()
    .refine((given) => readSealingKey(given) !== null, 'must be 32 random bytes in base64 or hex, such as the output of `openssl rand -base64 32`')
    .optional(),
  GHL_OAUTH_URL: z.url('must be the URL of HighLevel\'s install page').default('https://marketplace.gohighlevel.com/v2/oauth/chooselocation'),
  GHL_OAUTH_SCOPES: z.string().default('contacts.readonly contacts.write calendars.readonly calendars/events.readonly users.readonly locations.readonly'),
  GHL_LOCATION_ID: z.string().regex(/^[A-Za-z0-9]{8,40}$/, 'must be the HighLevel location (sub-account) id, letters and digits'),
  GHL_API_BASE: z.url('must be a URL such as https://services.leadconnectorhq.com').default('https://services.leadconnectorhq.com'),
  GHL_APP_URL: z.url('must be the HighLevel app URL agents sign in to, such as https://app.gohighlevel.com').default('https://app.gohighlevel.com'),
  GHL_TIMEZONE: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Amsterdam')
    .default('UTC'),
  GHL_RATE_LIMIT_MAX: z.coerce.number().int().min(1).max(10_000).default(100),
  GHL_RATE_LIMIT_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  GHL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  GHL_LATE_WRITE_WINDOW_MS: z.coerce.number().int().min(100).max(3_600_000).optional(),
  WRITE_ANSWER_MS: z.coerce.number().int().min(100).max(60_000).default(1500),
  OPEN_ANSWER_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  OPEN_COPY_AFTER_MS: z.coerce.number().int().min(0).max(60_000).default(1500),
  READ_COPY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  TRENGO_TOKEN: z.string().min(10, 'is too short to be a token'),
  TRENGO_API_BASE: z.url('must be a URL such as https://app.trengo.com/api/v2').default('https://app.trengo.com/api/v2'),
  TRENGO_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8_000),
  TRENGO_RATE_LIMIT_MAX: z.coerce.number().int().min(1).max(100_000).default(120),
  TRENGO_RATE_LIMIT_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  TRENGO_LATE_WRITE_WINDOW_MS: z.coerce.number().int().min(100).max(3_600_000).optional(),
  TRENGO_APP_SECRET: z.string().min(16, 'must be the secret entered in Trengo for this app, at least 16 characters'),
  TRENGO_ORIGINS: z
    .string()
    .default('https://app.trengo.com https://app.trengo.eu')
    .transform((value) => value.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.url().transform((url) => new URL(url).origin)).min(1, 'must list at least one origin')),
  DEFAULT_COUNTRY: z
    .string()
    .transform((value) => value.toUpperCase())
    .refine(isSupportedCountry, 'must be a two-letter country code such as US or NL')
    .default('US'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 random characters').optional(),
  SESSION_TTL_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(12 * 60),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(7 * 24),
  CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  DATABASE_PATH: z.string().min(1).optional(),
  OPERATOR_SECRET: z.string().min(24, 'must be at least 24 random characters').optional(),
  LOG_LEVEL: z.enum(logLevels, 'must be debug, info, warn or error').optional(),
  SECRETS_FILE: z.string().optional(),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(64 * 1024),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(10_000),
  SESSION_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(120),
  TRUST_PROXY: z
    .union([z.stringbool(), z.coerce.number().int().min(0).max(10)], 'must be 0 (no proxy), 1 (one reverse proxy) or the number of proxies in front of the server')
    .transform(Number)
    .default(0),
  TRENGO_APP_SECRET_GRACE_SECONDS: z.coerce.number().int().min(0).max(24 * 3600).default(600),
  LAUNCH_REQUIRE_IFRAME: z.stringbool('must be 1 or 0').default(true),
  LAUNCH_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  LAUNCH_TICKET_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  LAUNCH_TICKETS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(300),
  LAUNCH_FAILURES_BEFORE_LOCKOUT: z.coerce.number().int().min(1).max(1000).default(10),
  LAUNCH_LOCKOUT_SECONDS: z.coerce.number().int().min(1).max(24 * 3600).default(900),
  PUBLIC_URL: z.url('must be the address HighLevel and Trengo reach the server at, such as https://highlevel-sidebar.example.com').optional(),
  GHL_WEBHOOK_PUBLIC_KEY: z
    .string()
    .refine(isEd25519PublicKey, 'must be an Ed25519 public key as base64 SPKI DER, as HighLevel publishes it')
    .default(highLevelWebhookPublicKey),
  GHL_WEBHOOK_SECRET: z.string().min(24, 'must be at least 24 random characters').optional(),
  TRENGO_WEBHOOK_SECRET: z.string().min(16, "must be the webhook's signing secret as Trengo shows it, at least 16 characters").optional(),
  WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(256 * 1024),
};

/** The settings a secrets file may hold, with the same rules as their variables. */
export const secretSettings = {
  GHL_TOKEN: settings.GHL_TOKEN,
  TRENGO_TOKEN: settings.TRENGO_TOKEN,
  TRENGO_APP_SECRET: settings.TRENGO_APP_SECRET,
  SESSION_SECRET: z.string().min(32, 'must be at least 32 random characters'),
};
export type SecretName = keyof typeof secretSettings;

function isEd25519PublicKey(value: string): boolean {
  try {
    return createPublicKey({ key: Buffer.from(value, 'base64'), format: 'der', type: 'spki' }).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** What a variable is for, shown next to each problem found at start-up. */
export const settingHelp: Record<keyof typeof settings, string> = {
  GHL_TOKEN: 'HighLevel location Private Integration Token or OAuth access token (scopes contacts.readonly, contacts.write); not needed when the server is connected as a Marketplace app (GHL_CLIENT_ID)',
  GHL_CLIENT_ID: 'client id of a HighLevel Marketplace app: the server is connected by installing the app (see Operations) and keeps and renews its tokens itself',
  GHL_CLIENT_SECRET: 'client secret of that Marketplace app',
  TOKEN_ENCRYPTION_KEY: 'key that seals tokens kept in the database (the Marketplace app\'s, and those set on the settings page): 32 random bytes, base64 or hex (needed with GHL_CLIENT_ID, and to set tokens on the settings page)',
  GHL_OAUTH_URL: 'HighLevel\'s page where an admin installs the app (the white-label one is https://marketplace.leadconnectorhq.com/v2/oauth/chooselocation)',
  GHL_OAUTH_SCOPES: 'scopes the install asks for, separated by spaces',
  GHL_LOCATION_ID: 'HighLevel location (sub-account) id',
  GHL_API_BASE: 'HighLevel API base URL',
  GHL_APP_URL: 'HighLevel app URL used for "Open in HighLevel" links (white-label domains differ)',
  GHL_TIMEZONE: "time zone of the HighLevel location, used to read appointment times HighLevel sends without an offset",
  GHL_RATE_LIMIT_MAX: "most HighLevel calls the server starts per interval (HighLevel allows 100 per 10 s per location; trial tokens 25)",
  GHL_RATE_LIMIT_INTERVAL_MS: 'the interval of that limit, in milliseconds',
  GHL_TIMEOUT_MS: 'how long one HighLevel call may take before it counts as failed, in milliseconds',
  GHL_LATE_WRITE_WINDOW_MS:
    'how long after a write got no answer HighLevel may still perform it, in milliseconds (default four GHL_TIMEOUT_MS); until then nothing else of that record is sent',
  WRITE_ANSWER_MS: "an agent's change is answered within this time, in milliseconds: done if HighLevel took it by then, else pending with the outbox carrying on",
  OPEN_ANSWER_MS: 'a ticket open is answered within this time, in milliseconds; a lookup still under way then is answered with an error and carries on behind',
  OPEN_COPY_AFTER_MS:
    'with CACHE_TTL_SECONDS=0, how long an open waits for HighLevel before answering from the read copy of the contact, in milliseconds',
  READ_COPY_RETENTION_DAYS: 'how many days the read copy of a contact nobody opened is kept',
  TRENGO_TOKEN: 'Trengo personal access token',
  TRENGO_API_BASE: 'Trengo API base URL',
  TRENGO_TIMEOUT_MS: 'how long one Trengo call may take before it counts as failed, in milliseconds',
  TRENGO_RATE_LIMIT_MAX: 'most Trengo calls the server starts per interval (Trengo allows 120 a minute); the excess waits in a queue',
  TRENGO_RATE_LIMIT_INTERVAL_MS: 'the interval of that limit, in milliseconds',
  TRENGO_LATE_WRITE_WINDOW_MS:
    'how long after an automation\'s Trengo create got no answer Trengo may still perform it, in milliseconds (default four TRENGO_TIMEOUT_MS); until then it is looked for, not sent again',
  TRENGO_APP_SECRET: 'the secret Trengo sends to the app as auth_token',
  TRENGO_ORIGINS: 'origins allowed to frame the widget, separated by spaces',
  DEFAULT_COUNTRY: 'country assumed for phone numbers written without a country code',
  PORT: 'port the server listens on',
  HOST: 'address the server listens on (0.0.0.0 to accept outside connections)',
  SESSION_SECRET: 'key that signs widget sessions; changing it ends every session (when unset, a random key made once and kept in the database)',
  SESSION_TTL_MINUTES: 'how long a widget session lasts',
  SESSION_MAX_HOURS: 'how long a sidebar may keep renewing its session from the ticket\'s opening; after that the agent reopens the ticket (what they typed is kept)',
  CACHE_TTL_SECONDS: 'how long HighLevel reads are reused for repeat opens (0 turns the cache off)',
  DATABASE_PATH: 'SQLite file that keeps pending writes, contact links and the audit log (data/sidebar.db when unset)',
  OPERATOR_SECRET: 'signs the operator in to the settings page at /admin, and is the bearer secret of the operator API at /operator (both are off when unset)',
  LOG_LEVEL: 'least important log lines written: debug, info, warn or error (debug in the demo)',
  SECRETS_FILE: 'file holding GHL_TOKEN, TRENGO_TOKEN, TRENGO_APP_SECRET and SESSION_SECRET (JSON or KEY=VALUE lines), read at start, on SIGHUP and when it changes',
  MAX_BODY_BYTES: 'largest request body accepted, in bytes',
  REQUEST_TIMEOUT_MS: 'how long a client may take to send one whole request, headers and body, before the connection is cut (408), in milliseconds; answering takes as long as it needs',
  SESSION_RATE_LIMIT: 'most widget API requests one session may make per minute',
  TRUST_PROXY: 'how many reverse proxies stand in front of the server (0: none); with 1 or more the client address is read from X-Forwarded-For, as the outermost proxy wrote it',
  TRENGO_APP_SECRET_GRACE_SECONDS: 'how long the previous TRENGO_APP_SECRET still opens the app after a rotation, while Trengo is being changed (0: not at all)',
  LAUNCH_REQUIRE_IFRAME: 'refuse launches a browser says are not in an iframe (Sec-Fetch-Dest other than iframe): 1 or 0',
  LAUNCH_RATE_PER_MINUTE: 'most launches one client address may make per minute',
  LAUNCH_TICKET_RATE_PER_MINUTE: 'most launches of one ticket per minute, from all addresses together',
  LAUNCH_TICKETS_PER_HOUR: 'most different tickets one client address may open in an hour; more is refused and logged as a warning',
  LAUNCH_FAILURES_BEFORE_LOCKOUT: 'wrong app secrets from one client address within 10 minutes before its launches are locked out',
  LAUNCH_LOCKOUT_SECONDS: 'how long the first lockout lasts; each further one within a day lasts twice as long, at most a day',
  PUBLIC_URL: 'the address HighLevel and Trengo reach the server at; when set, the server registers its Trengo webhooks at PUBLIC_URL/webhooks/trengo itself, and a Marketplace app install returns to PUBLIC_URL/oauth/callback',
  GHL_WEBHOOK_PUBLIC_KEY: "public key of HighLevel's X-GHL-Signature on app webhooks, base64 SPKI DER (HighLevel's published key when unset; change it only when HighLevel announces a new one)",
  GHL_WEBHOOK_SECRET: 'secret a HighLevel Workflow webhook sends in its X-Webhook-Secret header (Workflow webhooks are refused when unset)',
  TRENGO_WEBHOOK_SECRET: 'signing secret of a Trengo webhook registered by hand; the ones the server registers itself are kept in the database',
  WEBHOOK_MAX_BODY_BYTES: 'largest webhook body accepted from HighLevel or Trengo, in bytes',
};

/**
 * A live configuration. `onPage`: a sealing key and the operator secret are set, so the settings
 * page can set the HighLevel and Trengo tokens and the app secret the environment leaves out.
 */
const liveSchema = (onPage: boolean) =>
  z
    .object({
      ...settings,
      GHL_TOKEN: settings.GHL_TOKEN.optional(),
      ...(onPage && { TRENGO_TOKEN: settings.TRENGO_TOKEN.optional(), TRENGO_APP_SECRET: settings.TRENGO_APP_SECRET.optional() }),
    })
    .superRefine((given, context) => {
      const app = ['GHL_CLIENT_ID', 'GHL_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY'] as const;
      if (given.GHL_CLIENT_ID !== undefined || (given.GHL_TOKEN === undefined && !onPage)) {
        // Connected as a Marketplace app: its three settings; else a token.
        for (const key of app) if (given[key] === undefined) context.addIssue({ code: 'custom', path: [key], message: 'is missing' });
        // HighLevel sends the admin back to the server after the install.
        if (given.PUBLIC_URL === undefined) context.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'is missing' });
      }
    });
const demoSchema = z.object(settings).extend({
  GHL_TOKEN: settings.GHL_TOKEN.optional(),
  GHL_LOCATION_ID: settings.GHL_LOCATION_ID.optional(),
  TRENGO_TOKEN: settings.TRENGO_TOKEN.optional(),
  TRENGO_APP_SECRET: settings.TRENGO_APP_SECRET.optional(),
});

export type Config = {
  /** Demo mode: local sandboxes stand in for HighLevel and Trengo. */
  demo: boolean;
  ghl: {
    token: string;
    /** Connected as a Marketplace OAuth app rather than by token; null otherwise. */
    oauth: { clientId: string; clientSecret: string; sealingKey: Buffer; installUrl: string; scopes: string } | null;
    locationId: string;
    apiBase: string;
    appUrl: string;
    timeZone: string;
    timeoutMs: number;
    /** How long after an unanswered write HighLevel may still perform it. */
    lateWriteWindowMs: number;
    rateLimit: { max: number; intervalMs: number };
  };
  /** Time budgets of an agent's requests. */
  budgets: { writeMs: number; openMs: number; copyAfterMs: number };
  /** How long the read copy of a contact nobody opened is kept. */
  readCopyRetentionMs: number;
  trengo: {
    token: string;
    apiBase: string;
    appSecret: string;
    origins: string[];
    timeoutMs: number;
    rateLimit: { max: number; intervalMs: number };
    /** How long after an unanswered create Trengo may still perform it. */
    lateWriteWindowMs: number;
  };
  defaultCountry: string;
  port: number;
  host: string;
  session: { secret: string | null; ttlMs: number; maxLifetimeMs: number; ratePerMinute: number };
  cacheTtlMs: number;
  logLevel: LogLevel;
  /** Where rotated secrets are read from, or null. */
  secretsFile: string | null;
  maxBodyBytes: number;
  /** How long a client may take to send one whole request; a slower one is cut with a 408. */
  requestTimeoutMs: number;
  /** The SQLite file of the outbox, the links and the audit log. */
  databasePath: string;
  /** Bearer secret of the operator routes; null turns them off. */
  operatorSecret: string | null;
  /** Seals tokens kept in the database (the app's, and those set on the settings page); null when unset. */
  sealingKey: Buffer | null;
  /** Reverse proxies in front of the server: 0 reads the client address from the socket, else from `X-Forwarded-For`. */
  trustProxy: number;
  launch: LaunchSettings;
  webhooks: WebhookSettings;
};

/** What the webhook receivers accept, and where the server is reached from outside. */
export type WebhookSettings = {
  /** The server's public address without a trailing slash; null: Trengo webhooks are not registered. */
  publicUrl: string | null;
  /** HighLevel's Ed25519 key, base64 SPKI DER. */
  ghlPublicKey: string;
  /** The `X-Webhook-Secret` of Workflow webhooks; null refuses them. */
  ghlSecret: string | null;
  /** The signing secret of a Trengo webhook registered by hand, or null. */
  trengoSecret: string | null;
  maxBodyBytes: number;
};

/** The limits on launches, the one route a caller without a session reaches. */
export type LaunchSettings = {
  /** How long the previous app secret still opens the app after a rotation. */
  appSecretGraceMs: number;
  requireIframe: boolean;
  perAddressPerMinute: number;
  perTicketPerMinute: number;
  ticketsPerAddressPerHour: number;
  failuresBeforeLockout: number;
  /** The first lockout; each further one lasts twice as long. */
  lockoutMs: number;
};

/** The database file of the demo when none is set: wiped at every demo start. */
export const demoDatabasePath = 'data/demo.db';

/** Settings that, when none is given, put the server in demo mode. */
const credentialKeys = ['GHL_TOKEN', 'GHL_CLIENT_ID', 'GHL_LOCATION_ID', 'TRENGO_TOKEN', 'TRENGO_APP_SECRET'] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The server cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the configuration from an environment. With none of the credentials set it is a demo
 * configuration whose HighLevel and Trengo values the demo fills in; with some set, all are needed.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const fromEnv: Record<string, string> = Object.fromEntries(
    Object.keys(settings).flatMap((key) => {
      const value = env[key]?.trim();
      return value ? [[key, value]] : [];
    }),
  );
  const given: Record<string, string> = { ...fromEnv, ...secretsFromFile(fromEnv.SECRETS_FILE) };
  const demo = credentialKeys.every((key) => given[key] === undefined);
  const parsed = (demo ? demoSchema : liveSchema(given.TOKEN_ENCRYPTION_KEY !== undefined && given.OPERATOR_SECRET !== undefined)).safeParse(given);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0]) as keyof typeof settings;
        const problem = given[key] === undefined ? 'is missing' : issue.message;
        return `${key} ${problem} (${settingHelp[key] ?? 'unknown setting'})`;
      }),
    );
  }
  const value = parsed.data;
  return {
    demo,
    ghl: {
      token: value.GHL_TOKEN ?? '',
      oauth: oauthOf(value),
      locationId: value.GHL_LOCATION_ID ?? '',
      apiBase: value.GHL_API_BASE.replace(/\/+$/, ''),
      appUrl: value.GHL_APP_URL.replace(/\/+$/, ''),
      timeZone: value.GHL_TIMEZONE,
      timeoutMs: value.GHL_TIMEOUT_MS,
      lateWriteWindowMs: value.GHL_LATE_WRITE_WINDOW_MS ?? 4 * value.GHL_TIMEOUT_MS,
      rateLimit: { max: value.GHL_RATE_LIMIT_MAX, intervalMs: value.GHL_RATE_LIMIT_INTERVAL_MS },
    },
    trengo: {
      token: value.TRENGO_TOKEN ?? '',
      apiBase: value.TRENGO_API_BASE.replace(/\/+$/, ''),
      appSecret: value.TRENGO_APP_SECRET ?? '',
      origins: value.TRENGO_ORIGINS,
      timeoutMs: value.TRENGO_TIMEOUT_MS,
      rateLimit: { max: value.TRENGO_RATE_LIMIT_MAX, intervalMs: value.TRENGO_RATE_LIMIT_INTERVAL_MS },
      lateWriteWindowMs: value.TRENGO_LATE_WRITE_WINDOW_MS ?? 4 * value.TRENGO_TIMEOUT_MS,
    },
    budgets: { writeMs: value.WRITE_ANSWER_MS, openMs: value.OPEN_ANSWER_MS, copyAfterMs: value.OPEN_COPY_AFTER_MS },
    readCopyRetentionMs: value.READ_COPY_RETENTION_DAYS * 24 * 60 * 60_000,
    defaultCountry: value.DEFAULT_COUNTRY,
    port: value.PORT,
    host: value.HOST,
    session: {
      secret: value.SESSION_SECRET ?? null,
      ttlMs: value.SESSION_TTL_MINUTES * 60_000,
      maxLifetimeMs: value.SESSION_MAX_HOURS * 3_600_000,
      ratePerMinute: value.SESSION_RATE_LIMIT,
    },
    cacheTtlMs: value.CACHE_TTL_SECONDS * 1000,
    databasePath: value.DATABASE_PATH ?? (demo ? demoDatabasePath : 'data/sidebar.db'),
    operatorSecret: value.OPERATOR_SECRET ?? null,
    sealingKey: value.TOKEN_ENCRYPTION_KEY === undefined ? null : readSealingKey(value.TOKEN_ENCRYPTION_KEY),
    logLevel: value.LOG_LEVEL ?? (demo ? 'debug' : 'info'),
    secretsFile: value.SECRETS_FILE ?? null,
    maxBodyBytes: value.MAX_BODY_BYTES,
    requestTimeoutMs: value.REQUEST_TIMEOUT_MS,
    trustProxy: value.TRUST_PROXY,
    launch: {
      appSecretGraceMs: value.TRENGO_APP_SECRET_GRACE_SECONDS * 1000,
      requireIframe: value.LAUNCH_REQUIRE_IFRAME,
      perAddressPerMinute: value.LAUNCH_RATE_PER_MINUTE,
      perTicketPerMinute: value.LAUNCH_TICKET_RATE_PER_MINUTE,
      ticketsPerAddressPerHour: value.LAUNCH_TICKETS_PER_HOUR,
      failuresBeforeLockout: value.LAUNCH_FAILURES_BEFORE_LOCKOUT,
      lockoutMs: value.LAUNCH_LOCKOUT_SECONDS * 1000,
    },
    webhooks: {
      publicUrl: value.PUBLIC_URL?.replace(/\/+$/, '') ?? null,
      ghlPublicKey: value.GHL_WEBHOOK_PUBLIC_KEY,
      ghlSecret: value.GHL_WEBHOOK_SECRET ?? null,
      trengoSecret: value.TRENGO_WEBHOOK_SECRET ?? null,
      maxBodyBytes: value.WEBHOOK_MAX_BODY_BYTES,
    },
  };
}

/** The Marketplace app's settings, when the server is connected as one. */
function oauthOf(value: Partial<Record<'GHL_CLIENT_ID' | 'GHL_CLIENT_SECRET' | 'TOKEN_ENCRYPTION_KEY' | 'GHL_OAUTH_URL' | 'GHL_OAUTH_SCOPES', string>>): Config['ghl']['oauth'] {
  const sealingKey = value.TOKEN_ENCRYPTION_KEY === undefined ? null : readSealingKey(value.TOKEN_ENCRYPTION_KEY);
  if (value.GHL_CLIENT_ID === undefined || value.GHL_CLIENT_SECRET === undefined || sealingKey === null) return null;
  return {
    clientId: value.GHL_CLIENT_ID,
    clientSecret: value.GHL_CLIENT_SECRET,
    sealingKey,
    installUrl: value.GHL_OAUTH_URL ?? 'https://marketplace.gohighlevel.com/v2/oauth/chooselocation',
    scopes: value.GHL_OAUTH_SCOPES ?? '',
  };
}

/** The secrets a secrets file holds at start-up; they win over the same variables. */
function secretsFromFile(path: string | undefined): Record<string, string> {
  if (path === undefined) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError([`SECRETS_FILE cannot be read (${settingHelp.SECRETS_FILE})`]);
  }
  const read = parseSecretsFile(text);
  if (!read.ok) throw new ConfigError([`SECRETS_FILE ${read.problem} (${settingHelp.SECRETS_FILE})`]);
  return read.secrets;
}

/**
 * Reads a secrets file: a JSON object, or `KEY=VALUE` lines (blank lines and `#` comments
 * skipped, optional quotes around values). Only the four secret names are allowed.
 */
export function parseSecretsFile(text: string): { ok: true; secrets: Partial<Record<SecretName, string>> } | { ok: false; problem: string } {
  let entries: [string, unknown][];
  if (text.trim().startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, problem: 'is not valid JSON' };
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, problem: 'must hold a JSON object' };
    entries = Object.entries(json);
  } else {
    entries = [];
    for (const line of text.split(/\r?\n/)) {
      const trimmed = line.trim();
      if (!trimmed || trimmed.startsWith('#')) continue;
      const match = /^(?:export\s+)?([A-Z_]+)\s*=\s*(.*)$/.exec(trimmed);
      if (!match) return { ok: false, problem: 'has a line that is not KEY=VALUE' };
      entries.push([match[1]!, match[2]!.replace(/^(['"])(.*)\1$/, '$2')]);
    }
  }
  const secrets: Partial<Record<SecretName, string>> = {};
  for (const [key, raw] of entries) {
    if (!isSecretName(key)) return { ok: false, problem: `names ${JSON.stringify(key.slice(0, 40))}, which is not one of ${Object.keys(secretSettings).join(', ')}` };
    if (typeof raw !== 'string') return { ok: false, problem: `must give ${key} as text` };
    const value = raw.trim();
    if (value) secrets[key] = value;
  }
  return { ok: true, secrets };
}

function isSecretName(key: string): key is SecretName {
  return Object.hasOwn(secretSettings, key);
}
