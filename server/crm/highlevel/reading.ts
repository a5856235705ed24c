/**
 * Tolerant reading of HighLevel's answers. Its contract makes nearly every answer field
 * optional, and real answers differ from it, so one record that cannot be shown is left out
 * (and reported) instead of failing the whole list it came in.
 */
import type { z } from 'zod';

/** A part of an answer that was left out because it could not be read. */
export interface DroppedItem {
  /** The operation whose answer held it, e.g. `GET /contacts/{contactId}/tasks`. */
  operation: string;
  /** What was left out, e.g. `task` or `answer`. */
  what: string;
  /** Why, naming the field, e.g. `id: Invalid input: expected string, received undefined`. */
  reason: string;
}

/** Where the client reports what it left out. */
export type DroppedReporter = (dropped: DroppedItem) => void;

/**
 * Whether an id can address its record: a string that, as one path segment, names it and no
 * other endpoint (not empty or blank, not `.` or `..`).
 */
export function isUsableId(id: unknown): boolean {
  return typeof id === 'string' && id.trim() !== '' && id !== '.' && id !== '..';
}

/** A zod error as one line: each issue with the path of its field. */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`).join('; ');
}

/**
 * The items of a list that fit `schema`; each other one is reported and left out. A list
 * HighLevel left out or sent as null reads as empty.
 */
export function readItems<S extends z.ZodType>(
  items: readonly unknown[] | null | undefined,
  schema: S,
  where: { operation: string; what: string },
  report: DroppedReporter,
): z.output<S>[] {
  const kept: z.output<S>[] = [];
  for (const item of items ?? []) {
    const parsed = schema.safeParse(item);
    if (parsed.success) kept.push(parsed.data);
    else report({ ...where, reason: describeIssues(parsed.error) });
  }
  return kept;
}

/** One optional record: null when absent, and null (reported) when it cannot be read. */
export function readOptional<S extends z.ZodType>(
  item: unknown,
  schema: S,
  where: { operation: string; what: string },
  report: DroppedReporter,
): z.output<S> | null {
  if (item === undefined || item === null) return null;
  return readItems([item], schema, where, report)[0] ?? null;
}
