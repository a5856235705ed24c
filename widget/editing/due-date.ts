/**
 * Due dates as the agent enters them: a date and a time in the agent's own time zone (the
 * browser's), sent as ISO 8601 with that zone's offset so HighLevel gets the moment meant.
 */

/** The date and time inputs' values: `YYYY-MM-DD` and `HH:MM`. */
export interface LocalDue {
  date: string;
  time: string;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** A moment as the agent's date and time inputs show it. */
export function toLocalDue(moment: Date): LocalDue {
  return {
    date: `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`,
    time: `${pad(moment.getHours())}:${pad(moment.getMinutes())}`,
  };
}

/** The default for a new task: tomorrow at 09:00 in the agent's time zone. */
export function tomorrowMorning(now: Date = new Date()): LocalDue {
  return toLocalDue(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0));
}

/** A task's due date (ISO, any offset) in the agent's inputs; empty inputs when it has none. */
export function localDueOf(iso: string | null): LocalDue {
  const moment = iso ? new Date(iso) : null;
  return moment && !Number.isNaN(moment.getTime()) ? toLocalDue(moment) : { date: '', time: '' };
}

/**
 * The agent's date and time as ISO 8601 with the local offset, e.g. `2026-03-02T09:00:00+01:00`;
 * an empty string when either is missing or not a real moment (the schema then names the field).
 * A time that does not exist locally (skipped by a daylight-saving change) moves forward as the
 * browser's clock does.
 */
export function dueDateIso({ date, time }: LocalDue): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const clock = /^(\d{2}):(\d{2})$/.exec(time);
  if (!day || !clock) return '';
  const dayOfMonth = Number(day[3]);
  const moment = new Date(Number(day[1]), Number(day[2]) - 1, dayOfMonth, Number(clock[1]), Number(clock[2]));
  if (Number.isNaN(moment.getTime()) || moment.getDate() !== dayOfMonth) return '';
  const offset = -moment.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const { date: localDate, time: localTime } = toLocalDue(moment);
  return `${localDate}T${localTime}:00${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}
