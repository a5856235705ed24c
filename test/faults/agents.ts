/**
 * Agents at their tickets, as the widget behaves: each change goes to `/api/...` with the ticket's
 * session and its own `Idempotency-Key`; a request that gets no answer (the server was killed) is
 * sent again with the same key once the server is back. Every change is written down with what it
 * meant, so the end state can be compared with the last change an agent made.
 */
import { writeResultSchema } from '../../shared/actions';
import { apiErrorSchema, contactViewSchema } from '../../shared/api';
import type { KnownCustomer } from './customers';
import { between, pick, seededRandom, weighted } from './random';
import type { ServerProcess } from './server-process';

export const changeKinds = [
  'createTask',
  'renameTask',
  'toggleTask',
  'createNote',
  'addTags',
  'removeTags',
  'renameContact',
  'createContactWithEmail',
  'createContactWithName',
] as const;
export type ChangeKind = (typeof changeKinds)[number];

/** One change an agent made, with what it meant and how the server answered. */
export interface Change {
  /** Its Idempotency-Key, unique in the run. */
  key: string;
  kind: ChangeKind;
  ticketId: string;
  /** The HighLevel contact it acts on; null for a create. */
  contactId: string | null;
  taskId: string | null;
  method: string;
  path: string;
  body: unknown;
  /**
   * The value that tells this change's effect apart: the created task's description, the note's
   * text, the tag, the new title or first name, the created contact's email or last name; for a
   * completion, `true` or `false`.
   */
  value: string;
  sentAt: number;
  /** The final answer's HTTP status; null when none ever came. */
  status: number | null;
  /** The outbox write it made, from a 200, 202 or 422 answer. */
  writeId: string | null;
  /** The record id in a 200 answer. */
  recordId: string | null;
  /** Requests sent again with the same key after getting no answer. */
  resends: number;
  /** The error code and message of an answer that is not a write result. */
  error: string | null;
}

/** 200 (done) and 202 (pending) accept a change; a 422 refuses it. */
export const isAccepted = (change: Change) => change.status === 200 || change.status === 202;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An answer's JSON, or its text when it is none (a 5xx page is an answer, not a lost one). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A widget: the ticket's session, and calls that are sent again with the same key when no answer comes. */
export class Widget {
  private constructor(
    readonly server: ServerProcess,
    readonly ticketId: string,
    readonly session: string,
    /** What the sidebar showed when the ticket was opened: matched, notFound or multiple. */
    readonly openedAs: string,
  ) {}

  /** Opens the ticket as Trengo does, and loads the sidebar as the widget does first. */
  static async open(server: ServerProcess, ticketId: string, appSecret: string): Promise<Widget> {
    const launch = await fetch(`${server.url}/?ticket_id=${encodeURIComponent(ticketId)}&auth_token=${encodeURIComponent(appSecret)}`);
    const html = await launch.text();
    const session = /<meta name="widget-session" content="([^"]+)">/.exec(html)?.[1];
    if (!session) throw new Error(`No session in the launch page of ticket ${ticketId} (HTTP ${launch.status})`);
    const sidebar = await new Widget(server, ticketId, session, '').call('GET', '/contact');
    const view = contactViewSchema.safeParse(sidebar.body);
    if (!view.success) throw new Error(`The sidebar of ticket ${ticketId} answered ${sidebar.status}: ${JSON.stringify(sidebar.body)}`);
    return new Widget(server, ticketId, session, view.data.status);
  }

  /** One widget API call; without an answer it waits for the server and sends the same request again. */
  async call(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: unknown; resends: number }> {
    for (let resends = 0; ; resends += 1) {
      try {
        const response = await fetch(`${this.server.url}/api${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${this.session}`,
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...(key === undefined ? {} : { 'Idempotency-Key': key }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        return { status: response.status, body: parseJson(text), resends };
      } catch (error) {
        if (resends >= 200) throw new Error(`No answer to ${method} ${path} after ${resends} tries: ${String(error)}\n${this.server.output()}`);
        await sleep(25);
        await this.server.ready();
      }
    }
  }
}

/** What every change of the run passes through: the ledger, and the hook that kills the server. */
export interface Run {
  seed: number;
  changes: Change[];
  /** Told before each change is sent. */
  beforeChange(): void;
}

async function send(run: Run, widget: Widget, change: Omit<Change, 'sentAt' | 'status' | 'writeId' | 'recordId' | 'resends' | 'error'>) {
  run.beforeChange();
  const entry: Change = { ...change, sentAt: Date.now(), status: null, writeId: null, recordId: null, resends: 0, error: null };
  run.changes.push(entry);
  const answer = await widget.call(change.method, change.path, change.body, change.key);
  entry.status = answer.status;
  entry.resends = answer.resends;
  const result = writeResultSchema.safeParse(answer.body);
  if (result.success) {
    entry.writeId = result.data.write.id;
    entry.recordId = result.data.write.state === 'done' ? result.data.write.recordId : null;
    return { entry, view: result.data.view };
  }
  const refused = apiErrorSchema.safeParse(answer.body);
  if (refused.success && refused.data.error.writeId !== undefined) entry.writeId = refused.data.error.writeId;
  entry.error = refused.success ? `${refused.data.error.code}: ${refused.data.error.message}` : JSON.stringify(answer.body);
  return { entry, view: null };
}

/** The mix of an agent's changes at a matched customer's ticket. */
const customerMix = { createTask: 14, renameTask: 22, toggleTask: 14, createNote: 22, addTags: 10, removeTags: 6, renameContact: 12 };

/**
 * One agent at one matched customer's ticket making `count` changes one after the other: tasks
 * created, renamed, completed and reopened; notes; tags added and removed; the first name edited.
 */
export async function customerAgent(run: Run, widget: Widget, customer: KnownCustomer, index: number, count: number): Promise<void> {
  const random = seededRandom(run.seed * 7919 + index);
  const tasks = new Map<string, { completed: boolean }>(customer.taskIds.map((id) => [id, { completed: false }]));
  /** Created tasks whose id is not known yet, by description. */
  const unknownTasks = new Set<string>();
  const presentTags: string[] = [];
  const at = `s${run.seed}-c${index}`;

  for (let n = 1; n <= count; n += 1) {
    const mark = `${at}-w${n}.`;
    const key = `${at}-w${n}`;
    let kind = weighted(random, customerMix);
    if (kind === 'removeTags' && presentTags.length === 0) kind = 'addTags';
    const taskId = pick(random, [...tasks.keys()]) ?? null;
    const base = { key, ticketId: customer.ticketId, contactId: customer.contactId, taskId: null };

    if (kind === 'createTask') {
      const description = `Description ${mark}`;
      const { entry, view } = await send(run, widget, {
        ...base,
        kind,
        method: 'POST',
        path: '/tasks',
        body: { title: `Task ${mark}`, body: description, dueDate: `2031-0${between(random, 1, 9)}-1${between(random, 0, 9)}T09:00:00Z` },
        value: description,
      });
      if (entry.recordId) tasks.set(entry.recordId, { completed: false });
      else unknownTasks.add(description);
      learnTasks(view);
    } else if (kind === 'renameTask' && taskId) {
      const title = `Title ${mark}`;
      const { view } = await send(run, widget, { ...base, kind, taskId, method: 'PATCH', path: `/tasks/${taskId}`, body: { title }, value: title });
      learnTasks(view);
    } else if (kind === 'toggleTask' && taskId) {
      const task = tasks.get(taskId) ?? { completed: false };
      const completed = !task.completed;
      const { entry, view } = await send(run, widget, {
        ...base,
        kind,
        taskId,
        method: 'PUT',
        path: `/tasks/${taskId}/completed`,
        body: { completed },
        value: String(completed),
      });
      if (isAccepted(entry)) task.completed = completed;
      learnTasks(view);
    } else if (kind === 'createNote') {
      const text = `Note ${mark}`;
      learnTasks((await send(run, widget, { ...base, kind, method: 'POST', path: '/notes', body: { body: text }, value: text })).view);
    } else if (kind === 'addTags') {
      const tag = `tag-${at}-w${n}`;
      const { entry, view } = await send(run, widget, { ...base, kind, method: 'POST', path: '/tags', body: { tags: [tag] }, value: tag });
      if (isAccepted(entry)) presentTags.push(tag);
      learnTasks(view);
    } else if (kind === 'removeTags') {
      const tag = presentTags.splice(Math.floor(random() * presentTags.length), 1)[0] ?? '';
      const { entry, view } = await send(run, widget, { ...base, kind, method: 'DELETE', path: '/tags', body: { tags: [tag] }, value: tag });
      if (!isAccepted(entry)) presentTags.push(tag);
      learnTasks(view);
    } else {
      const firstName = `First ${mark}`;
      learnTasks((await send(run, widget, { ...base, kind: 'renameContact', method: 'PATCH', path: '/contact', body: { firstName }, value: firstName })).view);
    }
  }

  /** Tasks created while their id was unknown, found in a fresh sidebar by their description. */
  function learnTasks(view: { tasks: Array<{ id: string; body: string | null }> } | null): void {
    if (!view || unknownTasks.size === 0) return;
    for (const task of view.tasks) {
      if (task.body !== null && unknownTasks.delete(task.body)) tasks.set(task.id, { completed: false });
    }
  }
}

/**
 * Agents creating contacts, `concurrency` at a time, one ticket each: two thirds with an email,
 * the rest with a name only.
 */
export async function creatingAgents(run: Run, widgets: Widget[], concurrency: number): Promise<void> {
  const random = seededRandom(run.seed * 104_729);
  const withEmail = widgets.map(() => random() < 2 / 3);
  let next = 0;
  const agent = async () => {
    for (let index = next++; index < widgets.length; index = next++) {
      const widget = widgets[index];
      if (!widget) continue;
      const mark = `s${run.seed}-n${index}`;
      const base = { key: `${mark}-create`, ticketId: widget.ticketId, contactId: null, taskId: null, method: 'POST', path: '/contact' };
      if (withEmail[index]) {
        const email = `created-${mark}@faults.example`;
        await send(run, widget, { ...base, kind: 'createContactWithEmail', body: { firstName: 'Created', lastName: `Emailed ${mark}`, email }, value: email });
      } else {
        const lastName = `Named ${mark}`;
        await send(run, widget, { ...base, kind: 'createContactWithName', body: { firstName: 'Created', lastName }, value: lastName });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, agent));
}

/** How many of the run's changes create contacts, one per new customer's ticket. */
export function contactCreates(total: number): number {
  return Math.max(3, Math.round(total * 0.08));
}
