/**
 * HighLevel as a Marketplace OAuth app: the install (authorisation code for tokens) and the
 * access token every call carries, renewed with the refresh token before it expires and when
 * HighLevel refuses it. A renewal runs once however many calls need it at the same moment, and
 * each new pair of tokens is stored (sealed) before anything uses it: HighLevel's refresh token is
 * good for one use, so the new one must never exist only in memory.
 */
import { z } from 'zod';
import { OutsideError } from '../../platform/outside-http';

/** What the server keeps of an install. */
export const oauthTokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** When the access token was issued and when it expires, ms since the epoch, by the server's clock. */
  issuedAt: z.number().optional(),
  expiresAt: z.number(),
  locationId: z.string(),
  scope: z.string(),
});
export type OAuthTokens = z.infer<typeof oauthTokensSchema>;

/** HighLevel's answer to `POST /oauth/token`, the fields the server uses. */
const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
  locationId: z.string().optional(),
});

/** Where the tokens are kept between calls and restarts. */
export interface TokenVault {
  read(): OAuthTokens | null;
  write(tokens: OAuthTokens): void;
}

export interface OAuthAppOptions {
  /** HighLevel's API base; the token endpoint is `/oauth/token` under it. */
  apiBase: string;
  clientId: string;
  clientSecret: string;
  /** The server's callback, as registered with the app. */
  redirectUri: string;
  /** The location the app must be installed on. */
  locationId: string;
  vault: TokenVault;
  /** Renew an access token this long before it expires (default five minutes, at most a quarter of its life). */
  renewBeforeMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  /** Told each new token, so logs redact it. */
  onToken?: (token: string) => void;
}

/** Why an install or a renewal did not give tokens. */
export class OAuthError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'OAuthError';
  }
}

export function createOAuthApp(options: OAuthAppOptions) {
  const now = options.now ?? Date.now;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const renewBeforeMs = options.renewBeforeMs ?? 5 * 60_000;
  let renewing: Promise<OAuthTokens> | null = null;
  let renewals = 0;

  /** One call to HighLevel's token endpoint, form-encoded as it asks. */
  async function requestTokens(form: Record<string, string>): Promise<OAuthTokens> {
    const body = new URLSearchParams({ client_id: options.clientId, client_secret: options.clientSecret, user_type: 'Location', ...form });
    let response: Response;
    try {
      response = await fetchImpl(`${options.apiBase}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new OAuthError(`HighLevel's token endpoint did not answer: ${error instanceof Error ? error.message : String(error)}`, null);
    }
    const parsed = tokenAnswerSchema.safeParse(await response.json().catch(() => null));
    if (!response.ok || !parsed.success) {
      throw new OAuthError(`HighLevel's token endpoint refused (HTTP ${response.status}).`, response.status);
    }
    const answer = parsed.data;
    const locationId = answer.locationId ?? options.locationId;
    if (locationId !== options.locationId) {
      throw new OAuthError(`The app was installed on location ${locationId}, not on GHL_LOCATION_ID (${options.locationId}).`, response.status);
    }
    const tokens: OAuthTokens = {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token,
      issuedAt: now(),
      expiresAt: now() + answer.expires_in * 1000,
      locationId,
      scope: answer.scope ?? '',
    };
    options.onToken?.(tokens.accessToken);
    options.onToken?.(tokens.refreshToken);
    // Stored before it is used: the refresh token just spent is no good any more.
    options.vault.write(tokens);
    return tokens;
  }

  /** Renews with the kept refresh token; calls arriving meanwhile wait for the same renewal. */
  function renew(): Promise<OAuthTokens> {
    renewing ??= (async () => {
      const kept = options.vault.read();
      if (!kept) throw new OAuthError('The HighLevel app is not installed yet.', null);
      renewals += 1;
      return requestTokens({ grant_type: 'refresh_token', refresh_token: kept.refreshToken });
    })().finally(() => {
      renewing = null;
    });
    return renewing;
  }

  return {
    /** Exchanges the code of HighLevel's redirect after the install for the first tokens. */
    install(code: string): Promise<OAuthTokens> {
      return requestTokens({ grant_type: 'authorization_code', code, redirect_uri: options.redirectUri });
    },

    /** The access token for the next call: renewed first when it expires within the margin. */
    async accessToken(): Promise<string> {
      const kept = options.vault.read();
      if (!kept) throw new OutsideError({ system: 'highlevel', kind: 'auth', status: null, messages: ['The HighLevel app is not installed yet: install it from the operator routes.'], operation: 'token' });
      const margin = Math.min(renewBeforeMs, (kept.expiresAt - (kept.issuedAt ?? kept.expiresAt - 4 * renewBeforeMs)) / 4);
      if (kept.expiresAt - now() > margin) return kept.accessToken;
      return (await renew()).accessToken;
    },

    /**
     * HighLevel refused `rejected`: renews unless another call already has (its token is then
     * newer than the one refused). Resolves to whether the call should go again.
     */
    async renewAfterRefusal(rejected: string): Promise<boolean> {
      const kept = options.vault.read();
      if (!kept) return false;
      if (kept.accessToken !== rejected) return true;
      try {
        await renew();
        return true;
      } catch {
        return false;
      }
    },

    /** Whether the app has tokens, and until when the access token lasts. */
    status(): { installed: boolean; expiresAt: number | null; scope: string | null; renewals: number } {
      const kept = options.vault.read();
      return { installed: kept !== null, expiresAt: kept?.expiresAt ?? null, scope: kept?.scope ?? null, renewals };
    },
  };
}

export type OAuthApp = ReturnType<typeof createOAuthApp>;
