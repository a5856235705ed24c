/**
 * One cheap authorised call to HighLevel or Trengo with a given token: is the system reachable,
 * and does it accept the token? Readiness and token rotation both ask this.
 */
import { createGhlClient } from '../crm/highlevel/index';
import { createTrengoClient } from '../helpdesk/trengo/client';
import type { Config } from '../platform/config';
import type { OutsideCall } from '../platform/outside-http';
import type { Probes } from '../platform/secrets';

export type ProbeHooks = {
  requestId?: () => string | undefined;
  onGhlCall?: (call: OutsideCall) => void;
  onTrengoCall?: (call: OutsideCall) => void;
};

export function createProbes(config: Config, hooks: ProbeHooks = {}): Probes {
  return {
    async highlevel(token) {
      // No cache and no retries: the answer must be HighLevel's, now. The client shares the
      // location's rate limiter, so probes count against HighLevel's limit like any call.
      const client = createGhlClient({
        baseUrl: config.ghl.apiBase,
        locationId: config.ghl.locationId,
        token: () => token,
        cacheTtlMs: 0,
        maxRetries: 0,
        timeoutMs: config.ghl.timeoutMs,
        rateLimit: config.ghl.rateLimit,
        ...(hooks.onGhlCall && { onCall: hooks.onGhlCall }),
        ...(hooks.requestId && { requestId: hooks.requestId }),
      });
      await client.searchContacts({ pageLimit: 1 });
    },
    async trengo(token) {
      const client = createTrengoClient({
        baseUrl: config.trengo.apiBase,
        token: () => token,
        timeoutMs: config.trengo.timeoutMs,
        maxRetries: 0,
        ...(hooks.onTrengoCall && { onCall: hooks.onTrengoCall }),
        ...(hooks.requestId && { requestId: hooks.requestId }),
      });
      await client.checkAccess();
    },
  };
}
