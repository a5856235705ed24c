/** Times as the operator reads them: in the browser's time zone, to the second (audit entries are that close). */
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

/** A time from the server (ISO 8601 or epoch milliseconds), or the text as it came when it is no time. */
export function formatTime(at: string | number): string {
  const time = new Date(at);
  return Number.isNaN(time.getTime()) ? String(at) : dateTime.format(time);
}

/** The same time as a `<time datetime>` value. */
export function machineTime(at: string | number): string {
  const time = new Date(at);
  return Number.isNaN(time.getTime()) ? '' : time.toISOString();
}
