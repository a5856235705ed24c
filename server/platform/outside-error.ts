/** The kinds of failure of a call to an outside system (HighLevel, Trengo), in the terms callers branch on. */
export type OutsideErrorKind =
  /** 400 and any other 4xx without a kind of its own, or input refused before sending. */
  | 'bad_request'
  /** 401: the token is missing, invalid, expired or not a location token. */
  | 'auth'
  /** 403: the token lacks a scope or belongs to another location. */
  | 'scope'
  /** 404: the record does not exist. */
  | 'not_found'
  /** 422: the system refused the body; `messages` lists why. */
  | 'rejected'
  /** 429 still answered after every retry. */
  | 'rate_limited'
  /** 5xx. */
  | 'unavailable'
  /** No answer within the per-attempt timeout. */
  | 'timeout'
  /** The connection failed (refused, reset, DNS). */
  | 'network'
  /** A success answer whose body does not match the schema. */
  | 'invalid_response';

/** Kinds where trying the same call again later may succeed. */
export const transientKinds: ReadonlySet<OutsideErrorKind> = new Set<OutsideErrorKind>([
  'rate_limited',
  'unavailable',
  'timeout',
  'network',
]);

