import { describe, expect, it } from 'vitest';
import { wallTimeToIso } from '../../shared/dates';
import { toE164 } from '../../shared/phone';
import { htmlToText } from '../../shared/text';

describe('phone numbers to E.164', () => {
  it.each([
    ['(415) 555-0134', 'US', '+14155550134'],
    ['415.555.0199', 'US', '+14155550199'],
    ['+1 415 555 0199', 'NL', '+14155550199'],
    ['06 12345678', 'NL', '+31612345678'],
    ['0031 6 12345678', 'NL', '+31612345678'],
  ] as const)('%s read in %s is %s', (raw, country, expected) => {
    expect(toE164(raw, country)).toBe(expected);
  });

  it('gives null for what is no phone number', () => {
    expect(toE164('call me maybe', 'US')).toBeNull();
    expect(toE164('123', 'US')).toBeNull();
  });
});

describe('offset-less appointment times', () => {
  it('reads them in the location time zone, daylight saving included', () => {
    expect(wallTimeToIso('2026-07-16 11:00:00', 'Europe/Amsterdam')).toBe('2026-07-16T09:00:00.000Z');
    expect(wallTimeToIso('2026-01-16 11:00:00', 'Europe/Amsterdam')).toBe('2026-01-16T10:00:00.000Z');
    expect(wallTimeToIso('2026-01-16 11:00:00', 'America/Los_Angeles')).toBe('2026-01-16T19:00:00.000Z');
  });

  it('keeps a time that carries its own offset', () => {
    expect(wallTimeToIso('2026-07-16T11:00:00+02:00', 'America/Los_Angeles')).toBe('2026-07-16T09:00:00.000Z');
    expect(wallTimeToIso('2026-07-16T11:00:00Z', 'Europe/Amsterdam')).toBe('2026-07-16T11:00:00.000Z');
  });

  it('gives null for what is no time', () => {
    expect(wallTimeToIso('next tuesday', 'UTC')).toBeNull();
  });
});

describe('note bodies from HTML to text', () => {
  it('keeps the words and line breaks and drops scripts and markup', () => {
    const text = htmlToText('<p>Wants <b>oak</b> fronts &amp; a quartz top.<br>Call after 6.</p><script>alert(1)</script><img src=x onerror=alert(1)><p>Done</p>');
    expect(text).toBe('Wants oak fronts & a quartz top.\nCall after 6.\nDone');
  });

  it('leaves escaped markup as visible text, never as markup', () => {
    expect(htmlToText('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('<script>alert(1)</script>');
  });

  it('keeps plain text as it is', () => {
    expect(htmlToText('First consultation:\n- kitchen\n- window')).toBe('First consultation:\n- kitchen\n- window');
  });
});
