/** Lockouts after wrong secrets, shared by the launch and the settings page's sign-in. */
import { describe, expect, it } from 'vitest';
import { createLockouts } from '../../server/http/lockouts';

const minute = 60_000;

describe('lockouts', () => {
  it('lock an address out at the nth wrong secret within ten minutes, twice as long each time, at most a day', () => {
    let at = 0;
    const lockouts = createLockouts({ failuresBeforeLockout: 3, lockoutMs: 15 * minute, now: () => at });
    expect(lockouts.wrongSecret('a')).toBeNull();
    at += 11 * minute;
    // The first wrong secret fell out of the window.
    expect(lockouts.wrongSecret('a')).toBeNull();
    expect(lockouts.wrongSecret('a')).toBeNull();
    expect(lockouts.wrongSecret('a')).toMatchObject({ lockedForMs: 15 * minute, lockout: 1 });
    expect(lockouts.lockedForMs('a')).toBe(15 * minute);
    expect(lockouts.lockedForMs('b')).toBe(0);
    at += 15 * minute;
    expect(lockouts.lockedForMs('a')).toBe(0);
    for (let i = 0; i < 2; i++) lockouts.wrongSecret('a');
    expect(lockouts.wrongSecret('a')).toMatchObject({ lockedForMs: 30 * minute, lockout: 2 });
    for (let lockout = 3; lockout <= 8; lockout++) {
      at += 24 * 60 * minute - minute;
      for (let i = 0; i < 2; i++) lockouts.wrongSecret('a');
      expect(lockouts.wrongSecret('a')?.lockedForMs).toBe(Math.min(15 * minute * 2 ** (lockout - 1), 24 * 60 * minute));
    }
  });

  it('forget the wrong secrets before a right one, and the doubling a day after the last lockout ended', () => {
    let at = 0;
    const lockouts = createLockouts({ failuresBeforeLockout: 2, lockoutMs: minute, now: () => at });
    lockouts.wrongSecret('a');
    lockouts.rightSecret('a');
    expect(lockouts.wrongSecret('a')).toBeNull();
    expect(lockouts.wrongSecret('a')).toMatchObject({ lockout: 1, lockedForMs: minute });
    at += minute + 24 * 60 * minute + 1;
    lockouts.wrongSecret('a');
    expect(lockouts.wrongSecret('a')).toMatchObject({ lockout: 1, lockedForMs: minute });
  });
});
