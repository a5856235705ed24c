/**
 * The agent's writes, followed from the click until HighLevel has them. A change shows at once
 * (sending), and then is done (the server's fresh view replaces it), pending (HighLevel is slow
 * or down: the server keeps it in its outbox and the sidebar polls until it is done), or failed
 * (rolled back on screen, with the reason, Retry and Discard). Writes go out one at a time, in
 * the order the agent made them, so each answer's view already holds the writes before it.
 */
import { batch, computed, createModel, effect, signal } from '@preact/signals';
import type { ContactView, MatchedView } from '../../shared/api';
import type { NewContact, WriteResult } from '../../shared/actions';
import type { WriteAction } from '../../shared/writes';
import { WidgetApiError } from '../api';
import type { Unconfirmed } from '../unsaved';
import { failureMessage, newIdempotencyKey, type EditingApi } from './client';
import { editingWords, sentence } from './words';

/** Where one of the agent's writes stands, as the sidebar shows it. */
export type WriteProgress = 'sending' | 'pending' | 'done' | 'failed';

/** One write the sidebar follows. */
/** A contact as a write names it: its name, else its email or phone. */
function personName(contact: NewContact): string | null {
  return [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email || contact.phone || null;
}

/** A line in the agent's language that names what a write does, e.g. `Create task "Call back"`. */
export function summarize(action: WriteAction, taskTitle?: string): string {
  const say = editingWords().summary;
  const task = taskTitle ?? null;
  switch (action.kind) {
    case 'createTask':
      return say.createTask(action.input.title);
    case 'updateTask':
      return say.editTask(task);
    case 'completeTask':
      return action.input.completed ? say.completeTask(task) : say.reopenTask(task);
    case 'deleteTask':
      return say.deleteTask(task);
    case 'addTags':
      return say.addTags(action.input.tags);
    case 'removeTags':
      return say.removeTags(action.input.tags);
    case 'createNote':
      return say.createNote(action.input.body);
    case 'createContact':
      return say.createContact(personName(action.input));
    case 'updateContact':
      return say.editContact;
  }
}

export interface TrackedWrite {
  /** The sidebar's id for it; also the Idempotency-Key its request goes out with. */
  key: string;
  /** The server's id, once the server has stored the write. */
  writeId: string | null;
  /** A short sentence such as `Create task "Call back"`. */
  summary: string;
  progress: WriteProgress;
  /** Why it waits or failed, in words for the agent. */
  reason: string | null;
  /** The task (or other record) the write changes, so its row can show that it waits. */
  recordId: string | null;
  /** Whether sending it again may succeed. */
  canRetry: boolean;
  /** The change on screen while the write is sending or pending. */
  change: Unconfirmed;
  /** The write, sent again as it was when no answer came; null for writes found on the server. */
  action: WriteAction | null;
  /**
   * Its text is back in the open form that made it, which sends it again, corrected or not, in its
   * place: meanwhile it offers no Retry of its own.
   */
  inForm: boolean;
}

/** A write the agent makes: what goes to the server, and what it changes on screen meanwhile. */
export interface NewWrite {
  action: WriteAction;
  /** The title of the task the write changes, for its summary. */
  taskTitle?: string | undefined;
  recordId?: string;
  change?: Unconfirmed;
  /** A failed write of the same form that this one is sent in place of: it is discarded. */
  replaces?: string | null;
}

/**
 * What the form that made a write needs to know of its first answer: nothing (null) when
 * HighLevel has it or the server keeps it to send; the server's messages per field when it
 * refused the input (the change is rolled back and the write forgotten); or why it was not
 * saved, with the write's key (it stays listed; the form keeps the text and may send it again
 * in its place).
 */
export type Refusal = { fields: Record<string, string> } | { notSaved: string; key: string } | null;

export interface WritesTiming {
  /** The first wait between two looks at the server's writes while one is pending. */
  pollMs: number;
  /** The longest wait, reached by backing off while nothing changes. */
  maxPollMs: number;
  /** How long a write that waited stays listed as saved. */
  savedShownMs: number;
}

export const defaultTiming: WritesTiming = { pollMs: 3000, maxPollMs: 30_000, savedShownMs: 6000 };

const unchanged: Unconfirmed = (view) => view;
/**
 * Changes shown over the server's view: writes on their way, and a note that failed, so it stays
 * where the agent wrote it (marked unsaved) instead of vanishing.
 */
const isUnconfirmed = (write: TrackedWrite) =>
  write.progress === 'sending' || write.progress === 'pending' || (write.progress === 'failed' && write.action?.kind === 'createNote');

/** The writes of one sidebar and the polling that follows the pending ones. */
export const WritesModel = createModel((api: EditingApi, showView: (view: ContactView) => void, timing: WritesTiming = defaultTiming) => {
  const writes = signal<TrackedWrite[]>([]);
  /** The writes the agent should hear about: waiting, failed, or saved after waiting. */
  const notices = computed(() => writes.value.filter((write) => write.progress !== 'sending'));
  const anyPending = computed(() => writes.value.some((write) => write.progress === 'pending'));
  /** Every change still on its way, laid over a view in the order the agent made them. */
  const unconfirmed = computed<Unconfirmed>(() => {
    const changes = writes.value.filter(isUnconfirmed).map((write) => write.change);
    return (view: MatchedView) => changes.reduce((shown, change) => change(shown), view);
  });

  const find = (key: string) => writes.value.find((write) => write.key === key);
  const update = (key: string, patch: Partial<TrackedWrite>) =>
    (writes.value = writes.value.map((write) => (write.key === key ? { ...write, ...patch } : write)));
  const remove = (key: string) => (writes.value = writes.value.filter((write) => write.key !== key));

  let queue: Promise<unknown> = Promise.resolve();
  /** Runs calls that answer a view one after another, so an older view never replaces a newer one. */
  function inTurn<T>(call: () => Promise<T>): Promise<T> {
    const turn = queue.then(call);
    queue = turn.catch(() => undefined);
    return turn;
  }

  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let pollDelay = timing.pollMs;
  const timers = new Set<ReturnType<typeof setTimeout>>();

  let polling = false;

  /** Polls while a write is pending, starting again from the shortest wait. */
  function follow(firstLookMs: number = timing.pollMs): void {
    pollDelay = timing.pollMs;
    // A look under way schedules the next one itself.
    if (polling) return;
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, firstLookMs);
  }

  async function poll(): Promise<void> {
    pollTimer = undefined;
    if (!anyPending.value) return;
    let changed = false;
    polling = true;
    try {
      const onServer = new Map((await api.writes()).map((write) => [write.id, write]));
      const done: string[] = [];
      // No longer listed: discarded elsewhere, or done longer ago than the list reaches.
      const gone: string[] = [];
      for (const write of writes.value) {
        if (write.progress !== 'pending' || !write.writeId) continue;
        const now = onServer.get(write.writeId);
        if (now?.state === 'pending' && now.reason === write.reason) continue;
        changed = true;
        if (!now) gone.push(write.key);
        else if (now.state === 'done') done.push(write.key);
        else if (now.state === 'failed') update(write.key, { progress: 'failed', reason: now.reason, canRetry: true });
        else update(write.key, { reason: now.reason });
      }
      // Show the fresh view and drop the changes in one step, so nothing flickers.
      if (done.length > 0 || gone.length > 0) {
        const view = await inTurn(() => api.refresh());
        batch(() => {
          showView(view);
          for (const key of done) update(key, { progress: 'done', reason: null });
          for (const key of gone) remove(key);
        });
        const timer = setTimeout(() => {
          timers.delete(timer);
          writes.value = writes.value.filter((write) => !(done.includes(write.key) && write.progress === 'done'));
        }, timing.savedShownMs);
        timers.add(timer);
      }
    } catch {
      // The server did not answer this time; the next look tries again.
    } finally {
      polling = false;
    }
    if (!anyPending.value) return;
    pollDelay = changed ? timing.pollMs : Math.min(pollDelay * 1.5, timing.maxPollMs);
    pollTimer = setTimeout(poll, pollDelay);
  }

  async function settle(key: string, { write, view }: WriteResult): Promise<void> {
    if (write.state === 'done') {
      const fresh = view ?? (await api.refresh());
      batch(() => {
        showView(fresh);
        remove(key);
      });
      return;
    }
    update(key, { writeId: write.id, progress: write.state, reason: write.reason, canRetry: write.state === 'failed' });
    if (write.state === 'pending') follow();
  }

  /** Marks a write failed; the form that made it may take its text back (see `takeBack`). */
  function failed(key: string, patch: Partial<TrackedWrite>): Refusal {
    update(key, { ...patch, progress: 'failed' });
    return { notSaved: patch.reason ?? failureMessage(null), key };
  }

  /** Sends in turn; resolves to what the form that made the write needs to know (see `Refusal`). */
  function deliver(key: string, send: () => Promise<WriteResult>): Promise<Refusal> {
    return inTurn(async () => {
      try {
        await settle(key, await send());
        return null;
      } catch (error) {
        if (!(error instanceof WidgetApiError)) return failed(key, { reason: failureMessage(error), canRetry: true });
        const { code, fields, writeId, retryable } = error.body.error;
        if (error.status === 400 && fields) {
          remove(key);
          return { fields };
        }
        // HighLevel refused it: the server keeps the write, to retry or discard by its id.
        if (code === 'upstream_rejected' && writeId) return failed(key, { writeId, reason: error.message, canRetry: true });
        // The ticket's customer has no HighLevel contact any more: show what the server now sees.
        if (code === 'no_contact') void inTurn(() => api.refresh()).then(showView, () => undefined);
        return failed(key, { reason: failureMessage(error), canRetry: retryable });
      }
    });
  }

  /** Shows the change at once and sends the write. */
  function submit({ action, taskTitle, recordId, change = unchanged, replaces }: NewWrite): Promise<Refusal> {
    if (replaces) void discard(replaces);
    const key = newIdempotencyKey();
    const summary = summarize(action, taskTitle);
    const write: TrackedWrite = {
      key,
      writeId: null,
      summary,
      progress: 'sending',
      reason: null,
      recordId: recordId ?? null,
      canRetry: false,
      change,
      action,
      inForm: false,
    };
    writes.value = [...writes.value, write];
    return deliver(key, () => api.sendWrite(action, key));
  }

  /** Sends a failed write again: HighLevel's refusals through the server, lost requests as they were. */
  function retry(key: string): void {
    const write = find(key);
    if (write?.progress !== 'failed' || !write.canRetry) return;
    const { writeId, action } = write;
    const send = writeId ? () => api.retryWrite(writeId) : action ? () => api.sendWrite(action, key) : null;
    if (!send) return;
    update(key, { progress: 'sending', reason: null });
    void deliver(key, send);
  }

  /** A form took back (`inForm`) or closed without sending (not) the text of a failed write. */
  function holdInForm(key: string, inForm: boolean): void {
    if (find(key)?.progress === 'failed') update(key, { inForm });
  }

  /** Lets a failed write go: the server forgets it, and so does the sidebar. */
  async function discard(key: string): Promise<void> {
    const write = find(key);
    if (write?.progress !== 'failed') return;
    if (write.writeId) {
      try {
        await api.discardWrite(write.writeId);
      } catch (error) {
        // Sent again meanwhile (from another sidebar, or by the outbox): the server is sending it or
        // HighLevel has it. Keep it listed with the server's words and look at once where it ends.
        if (error instanceof WidgetApiError && error.code === 'conflict') {
          update(key, { progress: 'pending', reason: error.message, canRetry: false });
          follow(0);
          return;
        }
        // Anything but a 404 (the server no longer has it) leaves the write as it was.
        if (!(error instanceof WidgetApiError && error.status === 404)) {
          const couldNot = editingWords().couldNotDiscard(failureMessage(error));
          update(key, { reason: write.reason ? `${sentence(write.reason)} ${couldNot}` : couldNot });
          return;
        }
      }
    }
    remove(key);
  }

  /** Takes up the writes the server still holds for this ticket, such as one left pending before a reload. */
  async function resume(): Promise<void> {
    let onServer;
    try {
      onServer = await api.writes();
    } catch {
      return;
    }
    const followed = new Set(writes.value.map((write) => write.writeId));
    const carried = onServer
      .filter((write) => (write.state === 'pending' || write.state === 'failed') && !followed.has(write.id))
      .map((write): TrackedWrite => ({
        key: newIdempotencyKey(),
        writeId: write.id,
        summary: write.summary,
        progress: write.state,
        reason: write.reason,
        recordId: write.recordId,
        canRetry: write.state === 'failed',
        change: unchanged,
        action: null,
        inForm: false,
      }));
    if (carried.length === 0) return;
    writes.value = [...carried, ...writes.value];
    if (anyPending.value) follow();
  }

  // Stops polling and timers when the sidebar goes away.
  effect(() => () => {
    clearTimeout(pollTimer);
    for (const timer of timers) clearTimeout(timer);
  });

  return {
    writes,
    notices,
    anyPending,
    unconfirmed,
    inTurn,
    submit,
    retry,
    holdInForm,
    discard,
    resume,
    /** The server says the customer's writes moved: look at the pending ones now. */
    lookNow: () => follow(0),
  };
});

export type WritesModel = InstanceType<typeof WritesModel>;
