/**
 * Lockouts of client addresses that send wrong secrets, for every route that takes a shared
 * secret (the launch's app secret, the settings page's operator secret): the
 * `failuresBeforeLockout`th wrong secret within 10 minutes locks the address out; each further
 * lockout within a day of the last lasts twice as long, up to a day. Kept in a bounded, expiring memory.
 */
import { createRecent } from '../platform/recent';

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;
/** Wrong secrets count towards a lockout for this long. */
export const failureWindowMs = 10 * minuteMs;

type AddressState = {
  /** Times of wrong secrets within the failure window, oldest first. */
  failures: number[];
  lockedUntil: number;
  /** Lockouts so far, each doubling the next; forgotten a day after the last one ended. */
  lockouts: number;
};

/** A lockout a wrong secret caused: how long, which one in a row, and until when (epoch ms). */
export type Lockout = { lockedForMs: number; lockout: number; until: number };

export function createLockouts(options: { failuresBeforeLockout: number; lockoutMs: number; now?: () => number }) {
  const { failuresBeforeLockout, lockoutMs, now = Date.now } = options;
  // Addresses whose lockouts are remembered for two days (the longest lockout, then a day of memory).
  const addresses = createRecent<string, AddressState>({ limit: 10_000, ttlMs: 2 * dayMs });

  return {
    /** How much longer `address` is locked out, in ms; 0 when it is not. */
    lockedForMs(address: string): number {
      return Math.max(0, (addresses.get(address)?.lockedUntil ?? 0) - now());
    },

    /** A wrong secret from `address`; the lockout it caused, if any. */
    wrongSecret(address: string): Lockout | null {
      const at = now();
      const state = addresses.get(address) ?? { failures: [], lockedUntil: 0, lockouts: 0 };
      addresses.set(address, state);
      state.failures = state.failures.filter((time) => time > at - failureWindowMs);
      state.failures.push(at);
      if (state.failures.length < failuresBeforeLockout) return null;
      if (state.lockouts > 0 && at - state.lockedUntil > dayMs) state.lockouts = 0;
      const lockedForMs = Math.min(lockoutMs * 2 ** state.lockouts, dayMs);
      state.lockouts += 1;
      state.lockedUntil = at + lockedForMs;
      state.failures = [];
      return { lockedForMs, lockout: state.lockouts, until: state.lockedUntil };
    },

    /** The right secret from `address`: its wrong ones so far no longer count (its lockouts still double). */
    rightSecret(address: string): void {
      const state = addresses.get(address);
      if (state) state.failures = [];
    },
  };
}
