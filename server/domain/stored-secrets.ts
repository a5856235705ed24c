/**
 * The tokens an operator sets on the settings page: the HighLevel Private Integration token, the
 * Trengo token and the Trengo app secret. Each is kept sealed in the database and used from the
 * next call on; a value set outside (the environment or the secrets file) wins and cannot be set
 * here. A token is tried against its system before it is kept, so a mistyped one changes nothing.
 * Values are never answered: only whether one is set and its last four characters.
 */
import type { SecretName } from '../platform/config';
import { AppError } from '../platform/errors';
import { OutsideError } from '../platform/outside-http';
import type { Sealer } from '../platform/sealed';
import type { Probes, Secrets } from '../platform/secrets';
import { settingEntry, type AuditLog, type ServerSettings } from '../store/port';

export const pageSecretNames = ['GHL_TOKEN', 'TRENGO_TOKEN', 'TRENGO_APP_SECRET'] as const satisfies readonly SecretName[];
export type PageSecretName = (typeof pageSecretNames)[number];

/** One secret as the settings page shows it. */
export interface SecretState {
  name: PageSecretName;
  set: boolean;
  /** The last four characters, for telling tokens apart; null when unset or too short to show any. */
  endsIn: string | null;
  /** `environment`: set outside the page, which wins; `page`: set here and kept in the database. */
  source: 'environment' | 'page' | null;
}

export interface StoredSecretsOptions {
  settings: ServerSettings;
  secrets: Secrets;
  /** Seals what is kept; null when `TOKEN_ENCRYPTION_KEY` is unset (the page can show but not set). */
  sealer: Sealer | null;
  /** The secrets the environment or the secrets file set at start. */
  fromEnvironment: ReadonlySet<PageSecretName>;
  /** The names the page offers: without `GHL_TOKEN` when HighLevel is connected as an app. */
  offered: readonly PageSecretName[];
  probes: Probes;
  audit: AuditLog;
}

const settingName = (name: PageSecretName) => `secret.${name}`;

/** Shortest value whose last four characters are shown. */
const shownFromLength = 16;

const minimumLength: Record<PageSecretName, number> = { GHL_TOKEN: 10, TRENGO_TOKEN: 10, TRENGO_APP_SECRET: 16 };

export function createStoredSecrets(options: StoredSecretsOptions) {
  const { settings, secrets, sealer, fromEnvironment, offered, probes, audit } = options;

  /** The kept value of `name`, opened; undefined when none is kept or it cannot be opened with this key. */
  function kept(name: PageSecretName): string | undefined {
    const sealed = settings.get(settingName(name));
    if (sealed === undefined || sealed === '' || sealer === null) return undefined;
    return sealer.open(sealed) ?? undefined;
  }

  /** At start: every secret the environment left unset takes the kept value, if any. */
  function load(): void {
    for (const name of offered) {
      if (fromEnvironment.has(name)) continue;
      const value = kept(name);
      if (value !== undefined) secrets.set(name, value);
    }
  }

  function state(name: PageSecretName): SecretState {
    const value = secrets.get(name);
    const set = value !== '';
    return {
      name,
      set,
      endsIn: set && value.length >= shownFromLength ? value.slice(-4) : null,
      source: fromEnvironment.has(name) ? 'environment' : set ? 'page' : null,
    };
  }

  /** Tries a token against its system; a refusal becomes a 400 in the operator's words. */
  async function tryToken(name: PageSecretName, value: string): Promise<void> {
    const system = name === 'GHL_TOKEN' ? 'HighLevel' : 'Trengo';
    try {
      if (name === 'GHL_TOKEN') await probes.highlevel(value);
      if (name === 'TRENGO_TOKEN') await probes.trengo(value);
    } catch (error) {
      if (error instanceof OutsideError && (error.kind === 'auth' || error.kind === 'scope')) {
        throw new AppError(400, 'bad_request', `${system} refused this token (${error.message}). Nothing was changed.`, { fields: { value: `${system} refused it` } });
      }
      throw new AppError(502, 'upstream_unavailable', `${system} could not be asked whether it takes this token (${error instanceof Error ? error.message : String(error)}). Nothing was changed; try again.`, { retryable: true });
    }
  }

  return {
    load,
    /** Every offered secret, as the page shows it; and whether the page can set any. */
    view(): { canStore: boolean; secrets: SecretState[] } {
      return { canStore: sealer !== null, secrets: offered.map(state) };
    },
    /** Tries, seals, keeps and uses `value` as `name`; refused when the environment sets it or nothing can seal. */
    async set(name: PageSecretName, value: string): Promise<SecretState> {
      if (!offered.includes(name)) throw new AppError(404, 'not_found', `${name} is not set on this page.`);
      if (fromEnvironment.has(name)) throw new AppError(409, 'conflict', `${name} is set in the environment, which wins over this page: change it there.`);
      if (sealer === null) throw new AppError(409, 'conflict', 'Set TOKEN_ENCRYPTION_KEY (32 random bytes, base64) so the server can keep tokens sealed in its database.');
      const trimmed = value.trim();
      if (trimmed.length < minimumLength[name] || /\s/.test(trimmed)) {
        throw new AppError(400, 'bad_request', `That is not a ${name === 'TRENGO_APP_SECRET' ? 'secret' : 'token'}: at least ${minimumLength[name]} characters, no spaces.`, { fields: { value: 'too short or has spaces' } });
      }
      secrets.remember(trimmed);
      await tryToken(name, trimmed);
      settings.put(settingName(name), sealer.seal(trimmed));
      secrets.set(name, trimmed);
      const shown = state(name);
      audit.record(settingEntry('settings.secret', { fields: { name, endsIn: shown.endsIn }, result: 'done', detail: 'set on the settings page' }));
      return shown;
    },
  };
}

export type StoredSecrets = ReturnType<typeof createStoredSecrets>;
