/** The HighLevel sandbox's data, in memory, seeded from the demo seed. */
import type { Seed } from '../seed';
import type { GhlAppointmentRecord, GhlContactRecord, GhlNoteRecord, GhlTaskRecord } from './records';

/** Every record the sandbox holds, keyed by id; tests may read and change them directly. */
export class GhlStore {
  readonly contacts = new Map<string, GhlContactRecord>();
  readonly tasks = new Map<string, GhlTaskRecord>();
  readonly notes = new Map<string, GhlNoteRecord>();
  readonly appointments = new Map<string, GhlAppointmentRecord>();
  #nextId: () => string = idFactory(1);

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
    while (this.contacts.has(id) || this.tasks.has(id) || this.notes.has(id)) id = this.#nextId();
    return id;
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

  /** Removes a contact with everything hanging off it. */
  deleteContact(contactId: string): void {
    this.contacts.delete(contactId);
    for (const map of [this.tasks, this.notes, this.appointments]) {
      for (const [id, record] of map) if (record.contactId === contactId) map.delete(id);
    }
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
