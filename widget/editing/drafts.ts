/**
 * Drafts: what the agent has typed in the note composer, the new-task form and the open edit
 * forms (a task's, the contact's details), kept in the browser per ticket, so a reload of the sidebar or a trip to another ticket loses nothing.
 * Bounded: a draft is dropped after a week, and only the most recent tickets keep theirs.
 * A draft holds the form's fields and when they were typed, nothing else: no session, no secret,
 * no record from HighLevel.
 */
import * as z from 'zod/mini';

/** Name of the meta tag the server puts the ticket id in. */
export const ticketMetaName = 'widget-ticket';

/** Every draft's key starts with this, followed by the ticket id. */
export const draftKeyPrefix = 'sidebar.draft.';

/** How long a draft is kept, and for how many tickets at most. */
export const draftLimits = { maxAgeMs: 7 * 24 * 60 * 60 * 1000, maxTickets: 50 };

const noteDraftSchema = z.object({ body: z.string() });
const taskDraftSchema = z.object({ title: z.string(), body: z.string(), dueDay: z.string(), dueTime: z.string() });
const contactDraftSchema = z.object({ firstName: z.string(), lastName: z.string(), email: z.string(), phone: z.string() });
const ticketDraftSchema = z.object({
  savedAt: z.number(),
  note: z.optional(noteDraftSchema),
  task: z.optional(taskDraftSchema),
  /** The contact's details as edited in "Edit details". */
  contact: z.optional(contactDraftSchema),
  /** Edits of existing tasks, by the task's id. */
  taskEdits: z.optional(z.record(z.string(), taskDraftSchema)),
});

export type NoteDraft = z.infer<typeof noteDraftSchema>;
export type TaskDraft = z.infer<typeof taskDraftSchema>;
export type ContactDraft = z.infer<typeof contactDraftSchema>;
type TicketDraft = z.infer<typeof ticketDraftSchema>;
type DraftForms = { note: NoteDraft; task: TaskDraft; contact: ContactDraft };

/** The forms' drafts of one ticket. */
export interface Drafts {
  /** The form's kept draft, or null. */
  read<K extends keyof DraftForms>(form: K): DraftForms[K] | null;
  /** Keeps what the form holds; null (nothing typed, or sent) drops it. */
  keep<K extends keyof DraftForms>(form: K, values: DraftForms[K] | null): void;
  /** The kept edit of one task, or null. */
  readTaskEdit(taskId: string): TaskDraft | null;
  /** Keeps an open edit of one task; null (unchanged, sent or cancelled) drops it. */
  keepTaskEdit(taskId: string, values: TaskDraft | null): void;
}

export interface DraftsOptions {
  /** Null when the page names no ticket: nothing is kept. */
  ticketId: string | null;
  /** Null when the browser refuses storage (a blocked third-party frame): nothing is kept. */
  storage: Storage | null;
  now?: () => number;
}

/** The ticket the page was opened for, or null. */
export function ticketOfPage(document: Document): string | null {
  const id = document.querySelector<HTMLMetaElement>(`meta[name="${ticketMetaName}"]`)?.content ?? '';
  return /^\d{1,20}$/.test(id) ? id : null;
}

/** The browser's localStorage, or null where reading it throws (storage blocked for the frame). */
export function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Drafts kept in `storage` for one ticket; pruning old and surplus drafts as it starts. */
export function createDrafts({ ticketId, storage, now = Date.now }: DraftsOptions): Drafts {
  const key = `${draftKeyPrefix}${ticketId}`;

  function load(storageKey: string): TicketDraft | null {
    try {
      const parsed = ticketDraftSchema.safeParse(JSON.parse(storage?.getItem(storageKey) ?? 'null'));
      return parsed.success && now() - parsed.data.savedAt < draftLimits.maxAgeMs ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Drops expired or unreadable drafts, then all but the most recent tickets'. */
  function prune(): void {
    if (!storage) return;
    const kept: Array<{ storageKey: string; savedAt: number }> = [];
    for (const storageKey of Object.keys(storage).filter((name) => name.startsWith(draftKeyPrefix))) {
      const draft = load(storageKey);
      if (draft) kept.push({ storageKey, savedAt: draft.savedAt });
      else storage.removeItem(storageKey);
    }
    kept.sort((a, b) => b.savedAt - a.savedAt);
    for (const { storageKey } of kept.slice(draftLimits.maxTickets)) storage.removeItem(storageKey);
  }

  try {
    prune();
  } catch {
    // Storage that fails to list or remove keeps what it has; drafts still work or quietly do not.
  }

  /** Stores the ticket's drafts as `change` leaves them; none left removes the ticket's entry. */
  function update(change: (forms: Omit<TicketDraft, 'savedAt'>) => Omit<TicketDraft, 'savedAt'>): void {
    if (ticketId === null || !storage) return;
    const { savedAt: _, ...forms } = load(key) ?? { savedAt: 0 };
    const next = change(forms);
    const empty = !next.note && !next.task && !next.contact && Object.keys(next.taskEdits ?? {}).length === 0;
    try {
      if (empty) storage.removeItem(key);
      else {
        storage.setItem(key, JSON.stringify({ savedAt: now(), ...next }));
        prune();
      }
    } catch {
      // Storage full or refused: the text stays in the form, only not kept across a reload.
    }
  }

  return {
    read(form) {
      if (ticketId === null) return null;
      return (load(key)?.[form] as DraftForms[typeof form] | undefined) ?? null;
    },
    keep(form, values) {
      update((forms) => ({ ...forms, [form]: values ?? undefined }));
    },
    readTaskEdit(taskId) {
      if (ticketId === null) return null;
      return load(key)?.taskEdits?.[taskId] ?? null;
    },
    keepTaskEdit(taskId, values) {
      update((forms) => {
        const { [taskId]: _, ...others } = forms.taskEdits ?? {};
        return { ...forms, taskEdits: values ? { ...others, [taskId]: values } : others };
      });
    },
  };
}
