import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRecent } from '../../server/platform/recent';

afterEach(() => vi.useRealTimers());

describe('what the server remembers for a while', () => {
  it('forgets an entry once it expires', () => {
    vi.useFakeTimers();
    const recent = createRecent<string, number>({ limit: 10, ttlMs: 1000 });
    recent.set('ticket', 1);
    vi.advanceTimersByTime(999);
    expect(recent.get('ticket')).toBe(1);
    vi.advanceTimersByTime(1);
    expect(recent.get('ticket')).toBeUndefined();
  });

  it('holds at most its limit, dropping the least recently set', () => {
    const recent = createRecent<number, number>({ limit: 3, ttlMs: 60_000 });
    for (let i = 0; i < 1000; i++) recent.set(i, i);
    expect([996, 997, 998, 999].map((key) => recent.get(key))).toEqual([undefined, 997, 998, 999]);
  });

  it('lets go of entries past their time as new ones come, instead of holding them until the limit', () => {
    vi.useFakeTimers();
    const recent = createRecent<number, number>({ limit: 10_000, ttlMs: 1000 });
    for (let i = 0; i < 5000; i++) recent.set(i, i);
    vi.advanceTimersByTime(1000);
    recent.set(-1, -1);
    expect(recent.size).toBe(1);
  });

  it('gives a value taken once only', () => {
    const recent = createRecent<string, string>({ limit: 3, ttlMs: 60_000 });
    recent.set('ticket', 'view');
    expect(recent.take('ticket')).toBe('view');
    expect(recent.take('ticket')).toBeUndefined();
  });
});
