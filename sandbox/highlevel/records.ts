/**
 * The records the HighLevel sandbox keeps, in the shapes HighLevel's contacts API answers
 * (see spec/ghl-api-v2/apps/contacts.json). Optional fields are left out rather than set to
 * null, because the documented schemas declare none of them nullable.
 */

/** A custom field value on a contact, as `GET /contacts/{id}` lists it. */
export interface GhlCustomFieldValue {
  id: string;
  value: string;
}

/** A contact as `GET /contacts/{contactId}` answers it (`GetContectByIdSchema`). */
export interface GhlContactRecord {
  id: string;
  locationId: string;
  name?: string;
  firstName?: string;
  lastName?: string;
  firstNameLowerCase?: string;
  lastNameLowerCase?: string;
  fullNameLowerCase?: string;
  email?: string;
  emailLowerCase?: string;
  /** E.164, the way HighLevel stores numbers once parsed. */
  phone?: string;
  companyName?: string;
  businessId?: string;
  timezone?: string;
  dnd: boolean;
  type: string;
  source?: string;
  assignedTo?: string;
  address1?: string;
  city?: string;
  state?: string;
  country?: string;
  postalCode?: string;
  website?: string;
  /** HighLevel keeps tags lower-cased. */
  tags: string[];
  /** ISO 8601 UTC. */
  dateAdded: string;
  dateUpdated: string;
  customFields: GhlCustomFieldValue[];
}

/** A task as `GET /contacts/{contactId}/tasks` lists it (`TaskSchema`). */
export interface GhlTaskRecord {
  id: string;
  contactId: string;
  title: string;
  body?: string;
  assignedTo?: string;
  /** ISO 8601 UTC. */
  dueDate: string;
  completed: boolean;
}

/** A note as `GET /contacts/{contactId}/notes` lists it (`GetNoteSchema`). */
export interface GhlNoteRecord {
  id: string;
  contactId: string;
  /** HighLevel stores note bodies as HTML written by its rich-text editor. */
  body: string;
  userId?: string;
  title?: string;
  color?: string;
  pinned?: boolean;
  /** ISO 8601 UTC. */
  dateAdded: string;
}

/** An appointment as `GET /contacts/{contactId}/appointments` lists it (`GetEventSchema`). */
export interface GhlAppointmentRecord {
  id: string;
  contactId: string;
  locationId: string;
  calendarId: string;
  title: string;
  status: string;
  appointmentStatus: string;
  assignedUserId?: string;
  notes?: string;
  address?: string;
  /** `YYYY-MM-DD HH:mm:ss` without an offset, in the location's time zone, as HighLevel answers. */
  startTime: string;
  endTime: string;
  dateAdded: string;
  dateUpdated: string;
}
