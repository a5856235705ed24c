/**
 * The first screen's words in English: the catalog the other languages follow, key for key
 * (`satisfies FirstScreenText` makes a missing or extra key a type error). A sentence with
 * values is a function of them, so each language orders its own sentence.
 */
import type { ErrorCode } from '../../shared/error-codes';

export const text = {
  loading: 'Loading the HighLevel contact…',
  openInHighLevel: 'Open in HighLevel',
  opensInNewTab: '(opens in a new tab)',
  tags: 'Tags',
  contactDetails: 'Contact details',

  tasks: 'Tasks',
  noTasks: 'No tasks',
  complete: 'Complete (Space or Enter)',
  reopen: 'Reopen (Space or Enter)',
  completed: 'Completed:',
  due: 'Due',
  overdue: 'Overdue',

  notes: 'Notes',
  noNotes: 'No notes',

  appointments: 'Appointments',
  upcoming: 'Upcoming',
  past: 'Past',
  noUpcoming: 'No upcoming appointments',
  noPast: 'No past appointments',
  /** HighLevel's appointment statuses; another status shows as HighLevel writes it. */
  appointmentStatus: {
    new: 'New',
    booked: 'Booked',
    confirmed: 'Confirmed',
    cancelled: 'Cancelled',
    showed: 'Showed',
    noshow: 'No-show',
    invalid: 'Invalid',
  } as Partial<Record<string, string>>,

  severalMatch: 'Several HighLevel contacts match',
  pickOne: 'Pick the contact this ticket is about. The sidebar remembers your choice for this customer’s tickets.',
  matchingContacts: 'Matching HighLevel contacts',

  notFound: 'No HighLevel contact found',
  notFoundWhy: 'No contact in HighLevel has this customer’s email address or phone number.',

  trengoContact: 'Trengo contact',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  noTrengoFacts: 'Trengo has no name, email or phone for this customer.',

  sessionEnded: 'Your session has ended',
  cannotReachServer: 'Can’t reach the server',
  ticketNotFound: 'Ticket not found',
  highLevelTrouble: 'HighLevel is having trouble',
  trengoTrouble: 'Trengo is having trouble',
  somethingWrong: 'Something went wrong',
  reopenTicket: 'Close this ticket and open it again to start a new session.',
  retry: 'Retry',

  networkError: 'Couldn’t reach the server. Check your connection and try again.',
  /** What an error means for the agent, by its code; the codes left out show the server's own words, which name what was refused. */
  errors: {
    unauthorized: 'This sidebar’s session is not valid. Open the ticket again.',
    session_expired: 'This sidebar’s session has ended. Open the ticket again.',
    forbidden: 'This sidebar may not do that for this ticket.',
    not_found: 'That record no longer exists.',
    payload_too_large: 'That is too much text to send at once.',
    rate_limited: 'Too many requests just now. Try again in a moment.',
    ticket_not_found: 'Trengo has no such ticket, or it is not one this sidebar may open.',
    no_contact: 'This ticket has no HighLevel contact yet.',
    upstream_auth: 'The connection’s token was refused. Ask whoever set up the sidebar to check it.',
    upstream_scope: 'The connection’s token may not do this. Ask whoever set up the sidebar to add the permission.',
    upstream_not_found: 'That record no longer exists there.',
    upstream_rate_limited: 'It is busy and asked to slow down. Try again in a moment.',
    upstream_unavailable: 'It is not available right now. Try again in a moment.',
    upstream_timeout: 'It did not answer in time. Try again in a moment.',
    upstream_network: 'It could not be reached. Try again in a moment.',
    upstream_invalid_response: 'It gave an answer the sidebar cannot read. Try again in a moment.',
    internal: 'Something went wrong in the sidebar. Try again in a moment.',
  } as Partial<Record<ErrorCode, string>>,
};

export type FirstScreenText = typeof text;
