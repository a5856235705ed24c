/**
 * The counts of a fault run, from what HighLevel holds at the end and what the fault proxy saw:
 * every accepted change landed once, was duplicated or was lost; every edited field equals the
 * agent's last change or not; and each problem with the faults its requests met.
 */
import type { GhlStore } from '../../sandbox/highlevel/store';
import { isAccepted, type Change, type ChangeKind } from './agents';
import { faultKinds, type FaultKind, type ProxiedRequest } from './proxy';

/** A change that went wrong, with the faults that explain it. */
export interface Finding {
  change: Change;
  /** What is wrong, e.g. `2 in HighLevel`. */
  detail: string;
  /** The fault behind it, e.g. `lateStore`, `dropAnswer + kill`, `never sent`. */
  cause: string;
}

export interface Tally {
  changes: number;
  accepted: number;
  done: number;
  pending: number;
  /** Answered 422: HighLevel refused them, by the server's word. */
  refused: Change[];
  /** Any other answer (or none at all). */
  other: Change[];
  landedOnce: number;
  duplicated: Finding[];
  lost: Finding[];
  /** Accepted, then failed in the outbox. */
  failedLater: Finding[];
  /** Still pending when the wait for the outbox ended. */
  stillPending: number;
  fieldsChecked: number;
  fieldsEqual: number;
  /** Fields whose HighLevel value is not the agent's last change. */
  unequal: Finding[];
  /** Edits HighLevel performed more than once (harmless unless out of order). */
  editsRepeated: number;
  faults: Record<FaultKind, number>;
  kills: number;
}

export interface TallyInput {
  changes: Change[];
  store: GhlStore;
  requests: ProxiedRequest[];
  /** When the server was killed. */
  killTimes: number[];
  /** Outbox states of writes, by id, as the server lists them at the end. */
  outbox: Map<string, string>;
  /** Writes still pending at the end. */
  stillPending: number;
}

const createKinds: ReadonlySet<ChangeKind> = new Set(['createTask', 'createNote', 'createContactWithEmail', 'createContactWithName']);

const stored = (request: ProxiedRequest) => request.status !== null && request.status >= 200 && request.status < 300;
const pathOf = (request: ProxiedRequest) => request.path.split('?')[0] ?? request.path;

/** The requests the server sent to HighLevel for one change, in arrival order. */
export function requestsFor(change: Change, requests: ProxiedRequest[]): ProxiedRequest[] {
  const contact = `/contacts/${change.contactId ?? ''}`;
  const carries = (request: ProxiedRequest) => request.body.includes(JSON.stringify(change.value));
  const where: Record<ChangeKind, (request: ProxiedRequest) => boolean> = {
    createTask: (request) => request.method === 'POST' && pathOf(request) === `${contact}/tasks` && carries(request),
    createNote: (request) => request.method === 'POST' && pathOf(request) === `${contact}/notes` && carries(request),
    addTags: (request) => request.method === 'POST' && pathOf(request) === `${contact}/tags` && carries(request),
    removeTags: (request) => request.method === 'DELETE' && pathOf(request) === `${contact}/tags` && carries(request),
    renameTask: (request) => request.method === 'PUT' && pathOf(request) === `${contact}/tasks/${change.taskId ?? ''}` && carries(request),
    renameContact: (request) => request.method === 'PUT' && pathOf(request) === contact && carries(request),
    // Completions carry only true or false: the ones sent after this change was made.
    toggleTask: (request) =>
      request.method === 'PUT' &&
      pathOf(request) === `${contact}/tasks/${change.taskId ?? ''}/completed` &&
      request.body.includes(`"completed":${change.value}`) &&
      request.receivedAt >= change.sentAt,
    createContactWithEmail: (request) => request.method === 'POST' && /^\/contacts\/?$/.test(pathOf(request)) && carries(request),
    createContactWithName: (request) => request.method === 'POST' && /^\/contacts\/?$/.test(pathOf(request)) && carries(request),
  };
  return requests.filter((request) => request.write && where[change.kind](request));
}

/** How many records of a create HighLevel holds. */
function copiesInHighLevel(change: Change, store: GhlStore): number {
  switch (change.kind) {
    case 'createTask':
      return [...store.tasks.values()].filter((task) => task.body === change.value).length;
    case 'createNote':
      return [...store.notes.values()].filter((note) => note.body.includes(change.value)).length;
    case 'createContactWithEmail':
      return [...store.contacts.values()].filter((contact) => contact.emailLowerCase === change.value.toLowerCase()).length;
    case 'createContactWithName':
      return [...store.contacts.values()].filter((contact) => contact.lastName === change.value).length;
    default:
      return 0;
  }
}

/** The field an edit sets, its value in HighLevel now, and the value the edit meant. */
function fieldOf(change: Change, store: GhlStore): { field: string; now: string; meant: string } | null {
  const task = store.tasks.get(change.taskId ?? '');
  const contact = store.contacts.get(change.contactId ?? '');
  switch (change.kind) {
    case 'renameTask':
      return { field: `task ${change.taskId} title`, now: task?.title ?? '(no task)', meant: change.value };
    case 'toggleTask':
      return { field: `task ${change.taskId} completed`, now: String(task?.completed ?? '(no task)'), meant: change.value };
    case 'renameContact':
      return { field: `contact ${change.contactId} firstName`, now: contact?.firstName ?? '(none)', meant: change.value };
    case 'addTags':
    case 'removeTags': {
      const present = contact?.tags.includes(change.value) ?? false;
      return { field: `contact ${change.contactId} tag ${change.value}`, now: present ? 'present' : 'absent', meant: change.kind === 'addTags' ? 'present' : 'absent' };
    }
    default:
      return null;
  }
}

/**
 * Names the fault a request met, and whether the server was killed while it was under way. A
 * request that passed but whose answer came after the server had given up (a busy machine makes
 * the short timeout) is a slow answer: the same unknown outcome as a lost one.
 */
function faultOf(request: ProxiedRequest, killTimes: number[]): string {
  const end = request.storedAt ?? request.receivedAt;
  const killed = killTimes.some((time) => time >= request.receivedAt && time <= end + 1);
  const fault = request.fault === 'pass' && request.status !== null && !request.answered && !killed ? 'slow answer' : request.fault;
  return killed ? `${fault} + kill` : fault;
}

export function tally(input: TallyInput): Tally {
  const { changes, store, requests, killTimes, outbox } = input;
  const accepted = changes.filter(isAccepted);
  const result: Tally = {
    changes: changes.length,
    accepted: accepted.length,
    done: changes.filter((change) => change.status === 200).length,
    pending: changes.filter((change) => change.status === 202).length,
    refused: changes.filter((change) => change.status === 422),
    other: changes.filter((change) => !isAccepted(change) && change.status !== 422),
    landedOnce: 0,
    duplicated: [],
    lost: [],
    failedLater: [],
    stillPending: input.stillPending,
    fieldsChecked: 0,
    fieldsEqual: 0,
    unequal: [],
    editsRepeated: 0,
    faults: Object.fromEntries(faultKinds.map((kind) => [kind, 0])) as Record<FaultKind, number>,
    kills: killTimes.length,
  };
  for (const request of requests) if (request.write) result.faults[request.fault] += 1;

  const lastChangeOf = new Map<string, Change>();
  for (const change of accepted) {
    const sent = requestsFor(change, requests);
    const landed = sent.filter(stored);
    const state = change.writeId ? outbox.get(change.writeId) : undefined;
    const faults = sent.map((request) => faultOf(request, killTimes)).join(' → ') || 'never sent';
    if (state === 'failed') result.failedLater.push({ change, detail: 'failed in the outbox', cause: faults });

    const lost = (): Finding => {
      const last = sent.at(-1);
      return { change, detail: `outbox ${state ?? 'done'}; requests: ${faults}`, cause: last ? faultOf(last, killTimes) : `never sent (${state ?? 'done'})` };
    };

    if (createKinds.has(change.kind)) {
      const copies = copiesInHighLevel(change, store);
      if (copies === 1) result.landedOnce += 1;
      else if (copies === 0) result.lost.push(lost());
      else {
        // The first copy HighLevel stored was sent again, so its answer did not count: a passed one came too late.
        const first = landed[0] ?? sent[0];
        const cause = first ? faultOf(first, killTimes) : 'never sent';
        result.duplicated.push({
          change,
          detail: `${copies} in HighLevel, stored by ${landed.length} of ${sent.length} requests (${faults})`,
          cause: cause === 'pass' ? 'slow answer' : cause,
        });
      }
      continue;
    }

    if (landed.length === 0) {
      result.lost.push(lost());
    } else {
      result.landedOnce += 1;
      if (landed.length > 1) result.editsRepeated += 1;
    }
    const field = fieldOf(change, store);
    if (field) lastChangeOf.set(field.field, change);
  }

  for (const change of lastChangeOf.values()) {
    const field = fieldOf(change, store);
    if (!field) continue;
    result.fieldsChecked += 1;
    if (field.now === field.meant) {
      result.fieldsEqual += 1;
      continue;
    }
    // The request that set the field last, and whether it carried an earlier change.
    const touching = requests
      .filter((request) => request.write && stored(request) && requestsForField(change, request))
      .sort((a, b) => (a.storedAt ?? 0) - (b.storedAt ?? 0));
    const last = touching.at(-1);
    const meantLanded = requestsFor(change, requests).some(stored);
    result.unequal.push({
      change,
      detail: `${field.field} is ${JSON.stringify(field.now)}, the last change set ${JSON.stringify(field.meant)}`,
      cause: !meantLanded ? 'the last change never landed' : last ? `an earlier change landed last (${faultOf(last, killTimes)})` : 'unknown',
    });
  }
  return result;
}

/** Whether a request sets the same field as an edit. */
function requestsForField(change: Change, request: ProxiedRequest): boolean {
  const contact = `/contacts/${change.contactId ?? ''}`;
  const path = pathOf(request);
  switch (change.kind) {
    case 'renameTask':
      return request.method === 'PUT' && path === `${contact}/tasks/${change.taskId ?? ''}` && request.body.includes('"title"');
    case 'toggleTask':
      return request.method === 'PUT' && path === `${contact}/tasks/${change.taskId ?? ''}/completed`;
    case 'renameContact':
      return request.method === 'PUT' && path === contact && request.body.includes('"firstName"');
    case 'addTags':
    case 'removeTags':
      return path === `${contact}/tags` && request.body.includes(JSON.stringify(change.value));
    default:
      return false;
  }
}

/** Counts of findings by cause, e.g. `lateStore 3, dropAnswer + kill 1`. */
export function byCause(findings: Finding[]): string {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.cause, (counts.get(finding.cause) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([cause, count]) => `${cause} ${count}`).join(', ') || 'none';
}

/** Counts of findings by the kind of change, e.g. `createNote 2, renameTask 1`. */
export function byKind(findings: Finding[]): string {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.change.kind, (counts.get(finding.change.kind) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([kind, count]) => `${kind} ${count}`).join(', ') || 'none';
}
