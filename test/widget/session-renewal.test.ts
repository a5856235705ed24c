// @vitest-environment happy-dom
/** The open sidebar renews its session before it expires: on a timer, when shown again, and never after the server ended it. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WidgetApiError, WidgetNetworkError } from '../../widget/api';
import { startSessionRenewal } from '../../widget/editing/session-renewal';
import { sessionLifetimeMs } from '../../shared/session';

const hour = 3_600_000;
let stop: (() => void) | undefined;

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  stop?.();
  vi.useRealTimers();
});

/** Makes the page hidden or shown, as the browser does when the agent switches tabs. */
function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('session renewal', () => {
  it('renews once less than a third of the lifetime is left, then again a full lifetime later', async () => {
    const renew = vi.fn(async () => 12 * hour);
    stop = startSessionRenewal({ lifetimeMs: 12 * hour, renew });

    await vi.advanceTimersByTimeAsync(7.9 * hour);
    expect(renew).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(0.2 * hour);
    expect(renew).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(7.8 * hour);
    expect(renew).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(0.2 * hour);
    expect(renew).toHaveBeenCalledTimes(2);
  });

  it('checks the time again when the sidebar is shown, since timers of a hidden page run late', async () => {
    const renew = vi.fn(async () => 12 * hour);
    let now = 0;
    stop = startSessionRenewal({ lifetimeMs: 12 * hour, renew, now: () => now, checkEveryMs: 24 * hour });
    setVisibility('hidden');
    now = 9 * hour;
    expect(renew).not.toHaveBeenCalled();
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(renew).toHaveBeenCalledTimes(1);
  });

  it('tries again at the next check after a lost answer, and stops once the server ended the session', async () => {
    const renew = vi
      .fn<() => Promise<number>>()
      .mockRejectedValueOnce(new WidgetNetworkError())
      .mockRejectedValueOnce(new WidgetApiError(401, { error: { code: 'session_expired', message: 'expired', retryable: false } }));
    stop = startSessionRenewal({ lifetimeMs: 60_000, renew, checkEveryMs: 1000 });
    await vi.advanceTimersByTimeAsync(40_000);
    expect(renew).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(renew).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(renew).toHaveBeenCalledTimes(2);
  });

  it('reads the lifetime a token states, and renews nothing for a token that states none', async () => {
    const token = (payload: object) => `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.signature`;
    expect(sessionLifetimeMs(token({ ticketId: '1', issuedAt: 1000, expiresAt: 61_000 }))).toBe(60_000);
    expect(sessionLifetimeMs(token({ ticketId: '1', expiresAt: 61_000 }))).toBeNull();
    expect(sessionLifetimeMs('not a token')).toBeNull();

    const renew = vi.fn(async () => hour);
    stop = startSessionRenewal({ lifetimeMs: null, renew });
    await vi.advanceTimersByTimeAsync(48 * hour);
    expect(renew).not.toHaveBeenCalled();
  });
});
