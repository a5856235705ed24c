/**
 * The widget API contract: what the server answers and the widget reads.
 * Both sides import these schemas; the server's answers are checked against them in tests.
 * Written with `zod/mini`, whose schemas the widget's bundle can afford.
 */
import * as z from 'zod/mini';
import { errorCodes, type ErrorCode } from './error-codes';

/** The customer as Trengo knows them, read from the ticket. */
export const ticketContactSchema = z.object({
  id: z.nullable(z.string()),
  name: z.nullable(z.string()),
  email: z.nullable(z.string()),
  /** E.164 when the number could be parsed, else as Trengo holds it. */
  phone: z.nullable(z.string()),
});
export type TicketContact = z.infer<typeof ticketContactSchema>;

/** The HighLevel contact card shown at the top of the sidebar. */
export const contactCardSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.nullable(z.string()),
  phone: z.nullable(z.string()),
  companyName: z.nullable(z.string()),
  tags: z.array(z.string()),
  /** Deep link that opens the contact in the HighLevel app. */
  url: z.string(),
});
export type ContactCard = z.infer<typeof contactCardSchema>;

export const taskSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.nullable(z.string()),
  /** ISO 8601 in UTC, or null when HighLevel has none. */
  dueDate: z.nullable(z.string()),
  completed: z.boolean(),
  /** Open and due before the moment the view was assembled. */
  overdue: z.boolean(),
});
export type Task = z.infer<typeof taskSchema>;

export const noteSchema = z.object({
  id: z.string(),
  /** Plain text: HighLevel's HTML is reduced to text on the server. */
  body: z.string(),
  /** ISO 8601 in UTC, or null. */
  dateAdded: z.nullable(z.string()),
});
export type Note = z.infer<typeof noteSchema>;

export const appointmentSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.nullable(z.string()),
  /** ISO 8601 in UTC; HighLevel's offset-less times are read in the location's time zone. */
  startTime: z.nullable(z.string()),
  endTime: z.nullable(z.string()),
  address: z.nullable(z.string()),
});
export type Appointment = z.infer<typeof appointmentSchema>;

/** A possible match shown in the picker when several HighLevel contacts fit. */
export const candidateSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.nullable(z.string()),
  phone: z.nullable(z.string()),
  companyName: z.nullable(z.string()),
});
export type Candidate = z.infer<typeof candidateSchema>;

/** The sidebar of a ticket whose customer is known in HighLevel. */
export const matchedViewSchema = z.object({
  status: z.literal('matched'),
  ticketContact: ticketContactSchema,
  contact: contactCardSchema,
  /** Linked to the customer by an agent (picked, searched or created), not matched by email or phone. */
  linked: z.boolean(),
  /**
   * What the match rests on: the Trengo customer's email, their phone number (both unverified:
   * the agent may want to check them), or an agent's link.
   */
  matchedBy: z.optional(z.enum(['email', 'phone', 'linked'])),
  /** Open tasks first (soonest due first), then completed ones. */
  tasks: z.array(taskSchema),
  /** Newest first. */
  notes: z.array(noteSchema),
  /** Soonest first. */
  upcomingAppointments: z.array(appointmentSchema),
  /** Most recent first. */
  pastAppointments: z.array(appointmentSchema),
  /**
   * When the records were true (ISO 8601), for a view from the server's copy rather than read
   * from HighLevel just now; the widget says "as of" when it is old.
   */
  asOf: z.optional(z.string()),
});
export type MatchedView = z.infer<typeof matchedViewSchema>;

/** One widget request's answer: the whole sidebar for a ticket. */
export const contactViewSchema = z.discriminatedUnion('status', [
  matchedViewSchema,
  z.object({ status: z.literal('notFound'), ticketContact: ticketContactSchema }),
  z.object({
    status: z.literal('multiple'),
    ticketContact: ticketContactSchema,
    candidates: z.array(candidateSchema),
  }),
]);
export type ContactView = z.infer<typeof contactViewSchema>;

/** Body of `PUT /api/contact/choice`: the agent's pick among several matches. */
export const contactChoiceSchema = z.object({
  contactId: z.string().check(z.regex(/^[A-Za-z0-9]{1,64}$/, 'Not a HighLevel id.')),
});
export type ContactChoice = z.infer<typeof contactChoiceSchema>;

/** One of the codes in `error-codes.ts`; the widget branches on it, never on the message. */
export const errorCodeSchema = z.enum(errorCodes);
export type { ErrorCode };

/** The one error shape of every non-2xx answer. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    /** A sentence an agent can read, with the next step. */
    message: z.string(),
    /** Which outside system failed, when one did. */
    source: z.optional(z.enum(['highlevel', 'trengo'])),
    /** Whether trying the same request again may succeed. */
    retryable: z.boolean(),
    /** Per-field messages for refused input. */
    fields: z.optional(z.record(z.string(), z.string())),
    /** For a write HighLevel refused: the write, which the agent can retry or discard. */
    writeId: z.optional(z.string()),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
