/**
 * Every error the server answers carries one of these codes. The widget branches on the code
 * (and the HTTP status), never on the message. A module without zod, so the widget's first
 * screen can check an error's code without a schema library in its bundle.
 */
export const errorCodes = [
  'bad_request',
  'unauthorized',
  'session_expired',
  'forbidden',
  'not_found',
  /** The request does not fit the state of what it acts on, e.g. discarding a change being sent. */
  'conflict',
  'payload_too_large',
  'rate_limited',
  'ticket_not_found',
  'no_contact',
  'upstream_auth',
  'upstream_scope',
  'upstream_not_found',
  'upstream_rejected',
  'upstream_rate_limited',
  'upstream_unavailable',
  'upstream_timeout',
  'upstream_network',
  'upstream_invalid_response',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];
