/**
 * The outbox for the operator: every agent's changes still to send or failed, each with its
 * reason, to send again or discard, behind the operator secret. Each retry and discard is in the
 * audit log, marked as the operator's.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Writes } from '../domain/writes';
import { valid } from './validation';

const writeParams = z.object({ writeId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Use a change id from GET /operator/writes.') });
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(5000).default(500) });

export function operatorWriteRoutes(options: { writes: Writes }) {
  const { writes } = options;
  return new Hono()
    .get('/', valid('query', listQuery), (c) => c.json({ writes: writes.unsettled(c.req.valid('query').limit) }))
    .post('/:writeId/retry', valid('param', writeParams), async (c) => c.json({ write: await writes.retryAsOperator(c.req.valid('param').writeId) }))
    .post('/:writeId/discard', valid('param', writeParams), (c) => c.json({ write: writes.discardAsOperator(c.req.valid('param').writeId) }));
}
