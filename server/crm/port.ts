/**
 * The CRM port: what the domain asks of the CRM that holds the customers (HighLevel today, see
 * `./highlevel`). Records carry only the fields the domain uses; every field but `id` may be
 * missing or null, as a CRM sends them. Every method rejects with an `OutsideError`.
 */

/** A contact as the CRM returns it from a read, a search or a create. */
export interface CrmContact {
  id: string;
  name?: string | null | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  companyName?: string | null | undefined;
  tags?: string[] | null | undefined;
  /** The company record the contact belongs to. */
  businessId?: string | null | undefined;
  /** ISO 8601. */
  dateAdded?: string | null | undefined;
}

export interface CrmTask {
  id: string;
  title?: string | null | undefined;
  body?: string | null | undefined;
  /** ISO 8601 in UTC. */
  dueDate?: string | null | undefined;
  completed?: boolean | null | undefined;
}

export interface CrmNote {
  id: string;
  /** May hold HTML. */
  body?: string | null | undefined;
  dateAdded?: string | null | undefined;
}

export interface CrmAppointment {
  id: string;
  title?: string | null | undefined;
  status?: string | null | undefined;
  appointmentStatus?: string | null | undefined;
  /** Without an offset, in the location's time zone. */
  startTime?: string | null | undefined;
  endTime?: string | null | undefined;
  address?: string | null | undefined;
}

/** A page of contacts with the CRM's count of all matches. */
export interface CrmContactPage {
  contacts: CrmContact[];
  total: number;
}

/** How to look contacts up: email and phone must all match; `query` is free text. */
export interface CrmContactSearch {
  email?: string;
  /** E.164. */
  phone?: string;
  query?: string;
  pageLimit?: number;
}

export interface CrmNewTask {
  title: string;
  body?: string;
  /** ISO 8601 in UTC. */
  dueDate: string;
  completed: boolean;
}

export interface CrmTaskUpdate {
  title?: string;
  body?: string;
  dueDate?: string;
}

export interface CrmNewContact {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
}

/** Only the fields given change; null clears a name. */
export interface CrmContactUpdate {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
}

/**
 * A create the CRM answered with a success whose body could not be read: it happened, but its id
 * is unknown, so the caller looks the record up instead of making it again.
 */
export type Created<T> = T | null;

/** The CRM as the domain uses it: reads are cached briefly, writes drop what they change. */
export interface CrmPort {
  searchContacts(search: CrmContactSearch): Promise<CrmContactPage>;
  /** The contact the CRM considers the same person as this email or number. */
  findDuplicate(lookup: { email: string } | { number: string }): Promise<CrmContact | null>;
  getContact(contactId: string): Promise<CrmContact>;
  getContactsByBusiness(businessId: string, options?: { limit?: number }): Promise<CrmContactPage>;
  getTasks(contactId: string): Promise<CrmTask[]>;
  getNotes(contactId: string): Promise<CrmNote[]>;
  getAppointments(contactId: string): Promise<CrmAppointment[]>;

  createContact(contact: CrmNewContact): Promise<Created<CrmContact>>;
  updateContact(contactId: string, update: CrmContactUpdate): Promise<unknown>;
  createTask(contactId: string, task: CrmNewTask): Promise<Created<CrmTask>>;
  updateTask(contactId: string, taskId: string, update: CrmTaskUpdate): Promise<unknown>;
  setTaskCompleted(contactId: string, taskId: string, completed: boolean): Promise<unknown>;
  deleteTask(contactId: string, taskId: string): Promise<void>;
  addTags(contactId: string, tags: string[]): Promise<unknown>;
  removeTags(contactId: string, tags: string[]): Promise<unknown>;
  createNote(contactId: string, note: { body: string }): Promise<Created<CrmNote>>;

  /** Drops the contact's cached reads and every cached search (it changed); '' drops only the searches. */
  invalidateContact(contactId: string): void;
}
