/**
 * The HighLevel contacts API client: HTTP with the token and version headers, a shared
 * per-location rate limiter, retries, coalesced and cached reads, and one error type.
 */
export { createGhlClient, ghlApiVersion, type GhlClient, type GhlClientOptions, type GhlClientStats } from './client';
export type { RateLimit } from '../../platform/rate-limiter';
export type { DroppedItem } from './reading';
export type {
  GhlAppointment,
  GhlContact,
  GhlContactPage,
  GhlContactSearch,
  GhlContactUpdate,
  GhlDuplicateLookup,
  GhlNewContact,
  GhlNewNote,
  GhlNewTask,
  GhlNote,
  GhlTask,
  GhlTaskUpdate,
} from './schemas';
