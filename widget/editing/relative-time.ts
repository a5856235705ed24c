/**
 * Relative times in the agent's language ("in 2 days", "3 days ago", "tomorrow"), set into the
 * first screen's `relativeTime` as the editing UI loads.
 */
import { locale } from '../language';
import { parseMoment, relativeTime } from '../display';

let made: { tag: string; format: Intl.RelativeTimeFormat } | null = null;
function relativeFormat(): Intl.RelativeTimeFormat {
  const tag = locale.value.tag;
  if (made?.tag !== tag) made = { tag, format: new Intl.RelativeTimeFormat(tag, { numeric: 'auto' }) };
  return made.format;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/**
 * How far a moment is from now, as the agent's language says it ("in 2 days", "3 days ago",
 * "tomorrow"): hours within a day, days within a month; null beyond that or without a moment.
 */
export function formatRelative(iso: string | null, now = Date.now()): string | null {
  const date = parseMoment(iso);
  if (!date) return null;
  const away = date.getTime() - now;
  const relative = relativeFormat();
  if (Math.abs(away) < dayMs) return relative.format(Math.round(away / hourMs), 'hour');
  if (Math.abs(away) < 31 * dayMs) return relative.format(Math.round(away / dayMs), 'day');
  return null;
}

relativeTime.value = formatRelative;
