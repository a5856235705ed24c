/**
 * How HighLevel's data reads in the sidebar: dates in the agent's own time zone
 * and locale, and lists in the order an agent scans them.
 */
import { signal } from '@preact/signals';
import type { Note, Task } from '../shared/api';
import { locale, text } from './language';

/** The formatters of the agent's locale, made again when it changes. No fixed time zone: the agent's browser decides. */
let formats: { tag: string; moment: Intl.DateTimeFormat; count: Intl.NumberFormat } | null = null;
function formatsOfLocale() {
  const tag = locale.value.tag;
  if (formats?.tag !== tag) {
    formats = {
      tag,
      moment: new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }),
      count: new Intl.NumberFormat(tag),
    };
  }
  return formats;
}
const dateTime = () => formatsOfLocale().moment;

/** A moment HighLevel wrote, or null when there is none or it does not read as one. */
export function parseMoment(iso: string | null): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A moment as the agent reads it, or null when there is none. */
export function formatMoment(iso: string | null): string | null {
  const date = parseMoment(iso);
  return date ? dateTime().format(date) : null;
}

/** An appointment's span, with the day written once when it starts and ends on the same day. */
export function formatSpan(startIso: string | null, endIso: string | null): string | null {
  const start = parseMoment(startIso);
  const end = parseMoment(endIso);
  if (start && end && end >= start) return dateTime().formatRange(start, end);
  return formatMoment(startIso);
}

/** Open tasks first, then completed ones, each group in the server's order. */
export function openTasksFirst(tasks: readonly Task[]): Task[] {
  return [...tasks.filter((task) => !task.completed), ...tasks.filter((task) => task.completed)];
}

/** Newest note first; notes without a date go last. */
export function newestNotesFirst(notes: readonly Note[]): Note[] {
  const time = (note: Note) => parseMoment(note.dateAdded)?.getTime() ?? 0;
  return [...notes].sort((a, b) => time(b) - time(a));
}

/** A count as the agent's locale writes numbers. */
export function formatCount(count: number): string {
  return formatsOfLocale().count.format(count);
}

/**
 * How far a moment is from now, as the agent's language says it ("in 2 days"), or null. The rules
 * load with the editing UI, which sets this; until then the first screen shows the date alone.
 * Read in a component, it re-renders the component when that happens.
 */
export const relativeTime = signal<(iso: string | null) => string | null>(() => null);

/** HighLevel's appointment status (`confirmed`, `noshow`, …) as a label in the agent's language. */
export function appointmentStatusLabel(status: string): string {
  return text.value?.appointmentStatus[status.toLowerCase()] ?? status.charAt(0).toUpperCase() + status.slice(1).toLowerCase();
}

/** The link target when it is a web address; anything else (say `javascript:`) is dropped. */
export function webLink(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * A phone number as the agent reads it. HighLevel and the server hold numbers as E.164
 * (`+442079460958`); the formatting rules of every country are too large for the first screen,
 * so numbers show as held until the editing chunk has loaded them and set this to the country's
 * way of writing a number. Read in a component, it re-renders the component when that happens.
 */
export const phoneFormat = signal((phone: string) => phone);

/** A phone number as a `tel:` link target. */
export function telLink(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}
