import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter, sharedRateLimiter } from '../../server/platform/rate-limiter';

/** Starts `count` acquisitions and records, in order, when each was granted. */
function acquireMany(limiter: ReturnType<typeof createRateLimiter>, count: number) {
  const granted: Array<{ index: number; at: number }> = [];
  for (let index = 0; index < count; index += 1) {
    void limiter.acquire().then(() => granted.push({ index, at: Date.now() }));
  }
  return granted;
}

describe('rate limiter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets max starts through at once and queues the rest until the window slides', async () => {
    const limiter = createRateLimiter({ max: 3, intervalMs: 1000 });
    const granted = acquireMany(limiter, 5);
    await vi.advanceTimersByTimeAsync(0);
    expect(granted.map((g) => g.index)).toEqual([0, 1, 2]);
    expect(limiter.waiting).toBe(2);

    await vi.advanceTimersByTimeAsync(999);
    expect(granted).toHaveLength(3);

    // The window is 1000 ms plus a 5% guard against uneven network delays.
    await vi.advanceTimersByTimeAsync(51);
    expect(granted.map((g) => g.index)).toEqual([0, 1, 2, 3, 4]);
    expect(granted[3]?.at).toBe(1050);
  });

  it('never starts more than max in any window, and serves callers first come first served', async () => {
    const limiter = createRateLimiter({ max: 10, intervalMs: 500 });
    const granted = acquireMany(limiter, 95);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(granted.map((g) => g.index)).toEqual([...Array(95).keys()]);
    const times = granted.map((g) => g.at);
    for (const [i, start] of times.entries()) {
      expect(times.filter((t, j) => j >= i && t < start + 500).length).toBeLessThanOrEqual(10);
    }
  });

  it('lets an agent waiting on an answer go before background work already queued', async () => {
    const limiter = createRateLimiter({ max: 8, intervalMs: 1000 });
    const order: string[] = [];
    void limiter.acquire('agent').then(() => order.push('agent'));
    await vi.advanceTimersByTimeAsync(0);
    for (let n = 1; n <= 6; n++) void limiter.acquire('background').then(() => order.push(`background ${n}`));
    await vi.advanceTimersByTimeAsync(0);

    // While agents call, background work starts only while the window is less than a quarter full.
    expect(order).toEqual(['agent', 'background 1']);
    void limiter.acquire('agent').then(() => order.push('second agent'));
    await vi.advanceTimersByTimeAsync(0);
    expect(order.at(-1)).toBe('second agent');

    // The next window: again a quarter of it while agents were calling a moment ago.
    await vi.advanceTimersByTimeAsync(1050);
    expect(order.slice(3)).toEqual(['background 2', 'background 3']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(order.slice(5)).toEqual(['background 4', 'background 5', 'background 6']);
  });

  it('lets background work fill the whole window once agents are quiet when its share says so (Trengo\'s automations)', async () => {
    const limiter = createRateLimiter({ max: 8, intervalMs: 1000 }, { whileAgentsCall: 1 / 2, agentsQuiet: 1 });
    const granted: number[] = [];
    for (let index = 0; index < 8; index += 1) void limiter.acquire('background').then(() => granted.push(index));
    await vi.advanceTimersByTimeAsync(0);
    // A new limiter counts as having just served an agent: half the window at first.
    expect(granted).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(5000);
    expect(granted).toHaveLength(8);
  });

  it('says it is busy while its window is used up or callers wait, and free again once the window slides', async () => {
    const limiter = createRateLimiter({ max: 2, intervalMs: 1000 });
    expect(limiter.busy).toBe(false);
    acquireMany(limiter, 2);
    await vi.advanceTimersByTimeAsync(0);
    expect(limiter.busy).toBe(true);
    await vi.advanceTimersByTimeAsync(1050);
    expect(limiter.busy).toBe(false);
    limiter.pauseFor(500);
    expect(limiter.busy).toBe(true);
  });

  it('holds every start while paused', async () => {
    const limiter = createRateLimiter({ max: 100, intervalMs: 1000 });
    limiter.pauseFor(700);
    const granted = acquireMany(limiter, 2);
    await vi.advanceTimersByTimeAsync(699);
    expect(granted).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toHaveLength(2);
  });

  it('extends a wait already scheduled when a pause comes in', async () => {
    const limiter = createRateLimiter({ max: 1, intervalMs: 100 });
    const granted = acquireMany(limiter, 2);
    await vi.advanceTimersByTimeAsync(0);
    limiter.pauseFor(1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(granted).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toHaveLength(2);
  });

  it('is shared by clients of the same location and base URL', () => {
    const limit = { max: 5, intervalMs: 1000 };
    const a = sharedRateLimiter({ baseUrl: 'https://x.test', locationId: 'L1' }, limit);
    expect(sharedRateLimiter({ baseUrl: 'https://x.test', locationId: 'L1' }, limit)).toBe(a);
    expect(sharedRateLimiter({ baseUrl: 'https://x.test', locationId: 'L2' }, limit)).not.toBe(a);
    expect(sharedRateLimiter({ baseUrl: 'https://y.test', locationId: 'L1' }, limit)).not.toBe(a);
  });

  it('refuses a limit that could never let a request through', () => {
    expect(() => createRateLimiter({ max: 0, intervalMs: 1000 })).toThrow(RangeError);
    expect(() => createRateLimiter({ max: 5, intervalMs: 0 })).toThrow(RangeError);
  });
});
