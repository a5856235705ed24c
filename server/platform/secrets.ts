/**
 * The secrets the server holds (the HighLevel and Trengo tokens, the app secret, the session
 * secret) and their rotation without downtime: new values come from the secrets file, on SIGHUP
 * or when the file changes. A new token is tried against its system first and takes over only
 * once accepted, so requests keep being served with the old one until the new one works.
 */
import { randomBytes } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { parseSecretsFile, secretSettings, type Config, type SecretName } from './config';
import type { Logger } from './log';
import { OutsideError } from './outside-http';

/** One cheap authorised call per system with a given token, to try a new token before it is used. */
export type Probes = {
  highlevel(token: string): Promise<void>;
  trengo(token: string): Promise<void>;
};

export type SecretValues = Record<SecretName, string>;

/** The current secrets, read on every use, and every value ever held (for the log redactor). */
export interface Secrets {
  get(name: SecretName): string;
  /** Makes `value` the current secret `name`; the old value stays known to the redactor. */
  set(name: SecretName, value: string): void;
  /** The value `name` held before its last change, and when it changed (epoch ms); undefined before any change. */
  replaced(name: SecretName): { value: string; at: number } | undefined;
  /** Marks a value as secret without using it, such as a token that was offered and refused. */
  remember(value: string): void;
  /** Every secret value current, previous or offered, and the extra ones given at creation. */
  known(): Iterable<string>;
}

/** `others`: further secrets that never rotate but must never be logged, such as the operator secret. */
export function createSecrets(initial: SecretValues, others: (string | null)[] = [], now: () => number = Date.now): Secrets {
  const current = { ...initial };
  const previous: Partial<Record<SecretName, { value: string; at: number }>> = {};
  const known = new Set<string>([...Object.values(initial), ...others].filter((value): value is string => Boolean(value)));
  return {
    get: (name) => current[name],
    set(name, value) {
      if (value !== current[name]) previous[name] = { value: current[name], at: now() };
      current[name] = value;
      known.add(value);
    },
    replaced: (name) => previous[name],
    remember(value) {
      if (value) known.add(value);
    },
    known: () => known,
  };
}

/** A random key to sign sessions with: 32 bytes, as SESSION_SECRET asks at least 32 characters. */
export function newSessionKey(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The configured secrets. Without SESSION_SECRET, a random session key stands in until the app
 * replaces it with the one kept in its database (`createApp`).
 */
export function secretsFromConfig(config: Config): SecretValues {
  return {
    GHL_TOKEN: config.ghl.token,
    TRENGO_TOKEN: config.trengo.token,
    TRENGO_APP_SECRET: config.trengo.appSecret,
    SESSION_SECRET: config.session.secret ?? newSessionKey(),
  };
}

/** The app secrets a launch may carry: the current one, and the previous one during its grace period. */
export type AppSecrets = { current: string; previous: string | null };

/**
 * The previous `TRENGO_APP_SECRET` keeps opening the app for `graceMs` after it was replaced:
 * Trengo and the server cannot be changed at the same instant, and tickets opened in between
 * would otherwise get a "not authorised" page.
 */
export function appSecrets(secrets: Secrets, graceMs: number, now: number = Date.now()): AppSecrets {
  const replaced = secrets.replaced('TRENGO_APP_SECRET');
  const inGrace = replaced !== undefined && replaced.value !== '' && now - replaced.at < graceMs;
  return { current: secrets.get('TRENGO_APP_SECRET'), previous: inGrace ? replaced.value : null };
}

export type RotationTrigger = 'signal' | 'file';

export type RotationReport = {
  rotated: SecretName[];
  refused: { name: SecretName; reason: string; transient: boolean }[];
};

export type SecretRotationOptions = {
  secrets: Secrets;
  /** The secrets file, or null when none is configured. */
  file: string | null;
  probes: Probes;
  log: Logger;
  /** How often the file is checked besides change notifications; default 5000. */
  pollMs?: number;
  /** Whether `start` watches the file; SIGHUP is listened to either way. Default true. */
  watchFile?: boolean;
};

/** The order secrets are applied in; the tokens first, since they may be refused. */
const rotationOrder: SecretName[] = ['GHL_TOKEN', 'TRENGO_TOKEN', 'TRENGO_APP_SECRET', 'SESSION_SECRET'];

export function createSecretRotation(options: SecretRotationOptions) {
  const { secrets, file, probes, log, pollMs = 5000, watchFile = true } = options;
  const verifiers: Partial<Record<SecretName, (value: string) => Promise<void>>> = {
    GHL_TOKEN: probes.highlevel,
    TRENGO_TOKEN: probes.trengo,
  };
  /** The file's text once every value in it was applied or refused for good. */
  let handledText: string | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  async function apply(candidates: Partial<SecretValues>, trigger: RotationTrigger): Promise<RotationReport> {
    const report: RotationReport = { rotated: [], refused: [] };
    for (const name of rotationOrder) {
      const value = candidates[name];
      if (value === undefined || value === secrets.get(name)) continue;
      secrets.remember(value);
      const refuse = (reason: string, transient: boolean) => {
        report.refused.push({ name, reason, transient });
        log.warn('secret not rotated; the current one stays in use', { secret: name, trigger, reason });
      };
      const rule = secretSettings[name].safeParse(value);
      if (!rule.success) {
        refuse(rule.error.issues[0]?.message ?? 'not valid', false);
        continue;
      }
      const verify = verifiers[name];
      if (verify) {
        try {
          await verify(value);
        } catch (error) {
          const refusal = describeRefusal(error);
          refuse(refusal.reason, refusal.transient);
          continue;
        }
      }
      secrets.set(name, value);
      report.rotated.push(name);
      log.info('secret rotated', {
        secret: name,
        trigger,
        ...(name === 'SESSION_SECRET' && { effect: 'every widget session ended' }),
        ...(name === 'TRENGO_APP_SECRET' && { effect: 'the previous app secret still opens the app for TRENGO_APP_SECRET_GRACE_SECONDS' }),
      });
    }
    return report;
  }

  async function reloadNow(trigger: RotationTrigger): Promise<RotationReport> {
    const nothing: RotationReport = { rotated: [], refused: [] };
    if (file === null) {
      log.warn('nothing to reload: SECRETS_FILE is not set', { trigger });
      return nothing;
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      log.warn('secrets file cannot be read; the current secrets stay in use', { trigger });
      return nothing;
    }
    if (trigger === 'file' && text === handledText) return nothing;
    const parsed = parseSecretsFile(text);
    if (!parsed.ok) {
      handledText = text;
      log.warn('secrets file not applied; the current secrets stay in use', { trigger, problem: parsed.problem });
      return nothing;
    }
    const report = await apply(parsed.secrets, trigger);
    // A token refused for a passing reason (HighLevel down) is tried again at the next check.
    if (!report.refused.some((refusal) => refusal.transient)) handledText = text;
    return report;
  }

  /** Re-reads the secrets file and applies what changed; reloads run one at a time. */
  function reload(trigger: RotationTrigger): Promise<RotationReport> {
    const next = queue.then(() => reloadNow(trigger));
    queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Listens for SIGHUP and, unless turned off, watches the secrets file (change notifications
   * plus a periodic check, since notifications are not reliable on every file system).
   * Returns a function that stops both.
   */
  function start(): () => void {
    const onSignal = () => {
      void reload('signal');
    };
    process.on('SIGHUP', onSignal);
    const stops: (() => void)[] = [() => process.off('SIGHUP', onSignal)];
    if (file !== null && watchFile) {
      void readFile(file, 'utf8').then(
        (text) => {
          handledText ??= text;
        },
        () => undefined,
      );
      let pending: NodeJS.Timeout | undefined;
      const soon = () => {
        clearTimeout(pending);
        pending = setTimeout(() => void reload('file'), 50);
        pending.unref();
      };
      let watcher: FSWatcher | undefined;
      try {
        // The directory, not the file: editors and secret managers replace files by renaming.
        watcher = watch(dirname(file), (_event, name) => {
          if (name === null || name === basename(file)) soon();
        });
        watcher.on('error', () => watcher?.close());
        watcher.unref();
      } catch {
        watcher = undefined;
      }
      const poll = setInterval(soon, pollMs);
      poll.unref();
      stops.push(() => {
        watcher?.close();
        clearInterval(poll);
        clearTimeout(pending);
      });
    }
    return () => stops.forEach((stop) => stop());
  }

  return { reload, start };
}

export type SecretRotation = ReturnType<typeof createSecretRotation>;

/** Why a probe refused a token, in words for the log (never the system's own text, which may echo it). */
function describeRefusal(error: unknown): { reason: string; transient: boolean } {
  if (error instanceof OutsideError) {
    const system = error.system === 'highlevel' ? 'HighLevel' : 'Trengo';
    if (error.kind === 'auth') return { reason: `${system} refused the token`, transient: false };
    if (error.kind === 'scope') return { reason: `${system} accepted the token but it lacks a permission`, transient: false };
    return { reason: `${system} could not check the token (${error.kind}); trying again later`, transient: error.retryable };
  }
  return { reason: 'the token could not be checked', transient: true };
}
