/** Date helpers shared by the server and the widget. */

/**
 * Reads a wall-clock time that carries no offset (`2021-07-16 11:00:00`, as HighLevel sends
 * appointment times) in the given IANA time zone and returns the instant as ISO 8601 UTC.
 * A time that already carries an offset or `Z` is read as it is. Null when unreadable.
 */
export function wallTimeToIso(value: string, timeZone: string): string | null {
  const trimmed = value.trim();
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed)) {
    const instant = new Date(trimmed);
    return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
  }
  const parts = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(trimmed);
  if (!parts) return null;
  const [year, month, day, hour, minute, second] = parts.slice(1).map((part) => Number(part ?? 0)) as [
    number, number, number, number, number, number,
  ];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // The zone's offset at that moment, found by formatting the UTC guess in the zone;
  // a second pass settles times near a daylight-saving change.
  let instant = asUtc - zoneOffsetMs(asUtc, timeZone);
  instant = asUtc - zoneOffsetMs(instant, timeZone);
  return Number.isNaN(instant) ? null : new Date(instant).toISOString();
}

function zoneOffsetMs(instant: number, timeZone: string): number {
  const [year, month, day, hour, minute, second] = wallFields(instant, timeZone);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** An instant as HighLevel writes appointment times: `YYYY-MM-DD HH:mm:ss` in the zone, no offset. */
export function wallTimeOf(instant: number, timeZone: string): string {
  const [year, month, day, hour, minute, second] = wallFields(instant, timeZone).map((field) => String(field).padStart(2, '0'));
  return `${year}-${month}-${day} ${hour}:${minute}:${second}`;
}

/** Year, month, day, hour, minute and second of an instant on the clocks of a time zone. */
function wallFields(instant: number, timeZone: string): [number, number, number, number, number, number] {
  const fields = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(fields.find((field) => field.type === type)?.value ?? 0);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}
