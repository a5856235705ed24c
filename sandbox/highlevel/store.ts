/** The HighLevel sandbox's data, in memory, seeded from the demo seed. */
import type { Seed } from '../seed';
import type { GhlAppointmentRecord, GhlContactRecord, GhlNoteRecord, GhlTaskRecord } from './records';

/**
 * One change to one record: no `before` for a create, no `after` for a delete. The same record
 * on both sides is a change that left it as it was.
 */
export type GhlChange =
  | { kind: 'contact'; before?: GhlContactRecord; after?: GhlContactRecord }
  | { kind: 'task'; before?: GhlTaskRecord; after?: GhlTaskRecord }
  | { kind: 'note'; before?: GhlNoteRecord; after?: GhlNoteRecord }
  | { kind: 'appointment'; before?: GhlAppointmentRecord; after?: GhlAppointmentRecord };

/**
 * Every record the sandbox holds, keyed by id. The `save*` and `delete*` methods tell the
 * change listeners (the webhooks) what changed; tests may also read and change the maps
 * directly, which sets data up without sending any event.
 */
export class GhlStore {
  readonly contacts = new Map<string, GhlContactRecord>();
  readonly tasks = new Map<string, GhlTaskRecord>();
  readonly notes = new Map<string, GhlNoteRecord>();
  readonly appointments = new Map<string, GhlAppointmentRecord>();
  #nextId: () => string = idFactory(1);
  readonly #listeners = new Set<(change: GhlChange) => void>();

  constructor(
    readonly locationId: string,
    seed: Seed,
  ) {
    this.reset(seed);
  }

  /** Drops everything and loads a fresh copy of the seed, moved to this store's location. */
  reset(seed: Seed): void {
    const fresh = structuredClone(seed.ghl);
    this.contacts.clear();
    this.tasks.clear();
    this.notes.clear();
    this.appointments.clear();
    for (const contact of fresh.contacts) this.contacts.set(contact.id, { ...contact, locationId: this.locationId });
    for (const task of fresh.tasks) this.tasks.set(task.id, task);
    for (const note of fresh.notes) this.notes.set(note.id, note);
    for (const appointment of fresh.appointments) {
      this.appointments.set(appointment.id, { ...appointment, locationId: this.locationId });
    }
    this.#nextId = idFactory(1);
  }

  /** A new 20-character id, the form HighLevel's ids take; the sequence is the same every run. */
  newId(): string {
    let id = this.#nextId();
    while (this.contacts.has(id) || this.tasks.has(id) || this.notes.has(id) || this.appointments.has(id)) {
      id = this.#nextId();
    }
    return id;
  }

  /** Calls `listener` after every change made through `save*` and `delete*`. */
  onChange(listener: (change: GhlChange) => void): void {
    this.#listeners.add(listener);
  }

  saveContact(contact: GhlContactRecord): void {
    const before = this.contacts.get(contact.id);
    this.contacts.set(contact.id, contact);
    this.#tell({ kind: 'contact', before, after: contact });
  }

  saveTask(task: GhlTaskRecord): void {
    const before = this.tasks.get(task.id);
    this.tasks.set(task.id, task);
    this.#tell({ kind: 'task', before, after: task });
  }

  deleteTask(taskId: string): void {
    const before = this.tasks.get(taskId);
    if (!before) return;
    this.tasks.delete(taskId);
    this.#tell({ kind: 'task', before });
  }

  saveNote(note: GhlNoteRecord): void {
    const before = this.notes.get(note.id);
    this.notes.set(note.id, note);
    this.#tell({ kind: 'note', before, after: note });
  }

  deleteNote(noteId: string): void {
    const before = this.notes.get(noteId);
    if (!before) return;
    this.notes.delete(noteId);
    this.#tell({ kind: 'note', before });
  }

  saveAppointment(appointment: GhlAppointmentRecord): void {
    const before = this.appointments.get(appointment.id);
    this.appointments.set(appointment.id, appointment);
    this.#tell({ kind: 'appointment', before, after: appointment });
  }

  deleteAppointment(appointmentId: string): void {
    const before = this.appointments.get(appointmentId);
    if (!before) return;
    this.appointments.delete(appointmentId);
    this.#tell({ kind: 'appointment', before });
  }

  /** Contacts of the location, newest first, the order HighLevel lists them in. */
  listContacts(): GhlContactRecord[] {
    return [...this.contacts.values()].sort(
      (a, b) => b.dateAdded.localeCompare(a.dateAdded) || a.id.localeCompare(b.id),
    );
  }

  tasksOf(contactId: string): GhlTaskRecord[] {
    return [...this.tasks.values()].filter((task) => task.contactId === contactId);
  }

  notesOf(contactId: string): GhlNoteRecord[] {
    return [...this.notes.values()]
      .filter((note) => note.contactId === contactId)
      .sort((a, b) => b.dateAdded.localeCompare(a.dateAdded));
  }

  appointmentsOf(contactId: string): GhlAppointmentRecord[] {
    return [...this.appointments.values()].filter((appointment) => appointment.contactId === contactId);
  }

  /** Removes a contact with everything hanging off it; only the contact's deletion is told. */
  deleteContact(contactId: string): void {
    const before = this.contacts.get(contactId);
    if (!before) return;
    this.contacts.delete(contactId);
    for (const map of [this.tasks, this.notes, this.appointments]) {
      for (const [id, record] of map) if (record.contactId === contactId) map.delete(id);
    }
    this.#tell({ kind: 'contact', before });
  }

  #tell(change: GhlChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}

const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Deterministic pseudo-random 20-character ids (mulberry32). */
function idFactory(seed: number): () => string {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Array.from({ length: 20 }, () => idAlphabet[Math.floor(next() * idAlphabet.length)]).join('');
}
