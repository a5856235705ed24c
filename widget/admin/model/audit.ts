/** The audit log, filtered: the newest entries on the page, and export links that carry the same filters. */
import { computed, createModel, signal } from '@preact/signals';
import { AdminApiError, api, failureMessage, links, read } from '../client';
import type { AuditAnswer, AuditEntry, AuditQuery } from '../contract';

/** The filters as the form holds them: `from` and `to` in the browser's local time (`datetime-local`). */
export interface AuditFilters {
  from: string;
  to: string;
  contactId: string;
  ticketId: string;
  action: string;
  result: string;
}

export const noFilters: AuditFilters = { from: '', to: '', contactId: '', ticketId: '', action: '', result: '' };

/** The most entries the page shows; the exports hold them all. */
export const shownAtMost = 200;

export type AuditState =
  | { kind: 'loading' }
  | { kind: 'loaded'; newest: AuditEntry[]; more: boolean }
  | { kind: 'failed'; message: string; fields: Record<string, string> };

/** A filter's local time as the ISO 8601 instant the server reads, or null when it is no time. */
function instant(local: string): string | null {
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/** The query for the filters; the fields that do not read, in words, when some do not. */
export function queryOf(filters: AuditFilters): { query: AuditQuery } | { problems: Record<string, string> } {
  const query: AuditQuery = {};
  const problems: Record<string, string> = {};
  for (const name of ['from', 'to'] as const) {
    const value = filters[name].trim();
    if (value === '') continue;
    const at = instant(value);
    if (at === null) problems[name] = 'Use a date and a time.';
    else query[name] = at;
  }
  for (const name of ['contactId', 'ticketId', 'action', 'result'] as const) {
    const value = filters[name].trim();
    if (value !== '') query[name] = value;
  }
  return Object.keys(problems).length > 0 ? { problems } : { query };
}

/**
 * The route answers JSON or CSV by the query, so its type is either; `format: 'json'` always
 * answers the entries, which this tells apart from the CSV case.
 */
function isAuditAnswer(answer: unknown): answer is AuditAnswer {
  return typeof answer === 'object' && answer !== null && 'entries' in answer && Array.isArray(answer.entries);
}

export const AuditModel = createModel(() => {
  /** What the form holds. */
  const filters = signal<AuditFilters>(noFilters);
  /** The filters of the entries shown, which the export links carry too. */
  const applied = signal<AuditQuery>({});
  const state = signal<AuditState>({ kind: 'loading' });

  const exportLinks = computed(() => ({
    csv: links.audit.$url({ query: { ...applied.value, format: 'csv' } }).href,
    json: links.audit.$url({ query: { ...applied.value, format: 'json' } }).href,
  }));

  async function show(): Promise<void> {
    const wanted = queryOf(filters.peek());
    if ('problems' in wanted) {
      state.value = { kind: 'failed', message: 'Some filters are not valid.', fields: wanted.problems };
      return;
    }
    try {
      // One more than is shown, the newest first: enough to say whether there are more.
      const answer = await read(api.audit.$get({ query: { ...wanted.query, format: 'json', order: 'newest', limit: String(shownAtMost + 1) } }));
      if (!isAuditAnswer(answer)) throw new Error('The server answered the audit log in a shape this page does not read. Reload the page.');
      applied.value = wanted.query;
      state.value = { kind: 'loaded', newest: answer.entries.slice(0, shownAtMost), more: answer.entries.length > shownAtMost };
    } catch (error) {
      state.value = { kind: 'failed', message: failureMessage(error), fields: error instanceof AdminApiError ? error.fields : {} };
    }
  }

  return {
    filters,
    applied,
    state,
    exportLinks,
    show,
    /** Changes one filter in the form; the entries change when the operator asks. */
    set(name: keyof AuditFilters, value: string): void {
      filters.value = { ...filters.peek(), [name]: value };
    },
    async clear(): Promise<void> {
      filters.value = noFilters;
      await show();
    },
  };
});

export type AuditModel = InstanceType<typeof AuditModel>;
