/**
 * The widget's actions on the ticket's HighLevel contact: tasks, tags, notes, contact details,
 * creating, searching and linking a contact, the company's other contacts, and the writes
 * still on their way. Every input is checked by the shared schemas before anything else runs.
 */
import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import {
  contactEditSchema,
  contactLinkSchema,
  contactSearchSchema,
  ghlIdSchema,
  newContactSchema,
  newNoteSchema,
  newTaskSchema,
  tagsSchema,
  taskCompletionSchema,
  taskEditSchema,
} from '../../shared/actions';
import type { Directory } from '../domain/directory';
import type { ContactService } from '../domain/matching';
import type { WriteAction } from '../../shared/actions';
import type { Writes } from '../domain/writes';
import { featureOfWrite, type FeatureName } from '../../shared/features';
import type { FeatureSettings } from '../domain/features';
import { AppError } from '../platform/errors';
import { valid } from './validation';
import type { SessionEnv } from './widget-session';

const taskParams = z.strictObject({ taskId: ghlIdSchema });
const writeParams = z.strictObject({ writeId: z.string().check(z.regex(/^[A-Za-z0-9]{1,64}$/, 'Not a write id.')) });

/** The optional `Idempotency-Key` header: the widget sends a random one per action. */
function idempotencyKey(c: Context): string | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(key)) {
    throw new AppError(400, 'bad_request', 'Some of the input is not valid.', {
      fields: { 'Idempotency-Key': 'Use up to 128 letters, digits, dashes or underscores.' },
    });
  }
  return key;
}

/**
 * The action routes of the widget API; `api.ts` mounts them behind the session check. `features`:
 * what the operator turned off, and whether HighLevel's token is read-only, which a write refused
 * for its scope reveals (every feature on, and writes allowed, without it).
 */
export function actionRoutes(options: { contacts: ContactService; writes: Writes; directory: Directory; features?: FeatureSettings }) {
  const { contacts, writes, directory, features } = options;

  /** Refuses what the operator turned off. */
  function allow(feature: FeatureName): void {
    if (features && !features.current()[feature]) throw new AppError(403, 'forbidden', 'This is turned off for the sidebar by its operator.');
  }

  /** Hands a write to the domain: 200 done, 202 pending, or the error shape when refused. */
  async function write(c: Context<SessionEnv>, action: WriteAction) {
    allow(featureOfWrite(action.kind));
    const readOnly = features?.readOnly();
    if (readOnly) throw new AppError(403, 'upstream_scope', `HighLevel's token may not change records, so the sidebar is read-only: ${readOnly.detail}`, { source: 'highlevel' });
    const answer = await writes.submit(c.get('session').ticketId, action, idempotencyKey(c));
    return c.json(answer.body, answer.status);
  }

  return new Hono<SessionEnv>()
    .get('/contacts/search', valid('query', contactSearchSchema), async (c) => {
      allow('searchAndLink');
      return c.json(await directory.search(c.get('session').ticketId, c.req.valid('query').q));
    })
    .put('/contact/link', valid('json', contactLinkSchema), async (c) => {
      allow('searchAndLink');
      const { ticketId } = c.get('session');
      const { contactId } = c.req.valid('json');
      directory.assertFound(ticketId, contactId);
      return c.json(await contacts.linkForTicket(ticketId, contactId));
    })
    .delete('/contact/link', async (c) => c.json(await contacts.unlinkForTicket(c.get('session').ticketId)))
    .post('/contact', valid('json', newContactSchema), (c) => write(c, { kind: 'createContact', input: c.req.valid('json') }))
    .patch('/contact', valid('json', contactEditSchema), (c) => write(c, { kind: 'updateContact', input: c.req.valid('json') }))
    .post('/tasks', valid('json', newTaskSchema), (c) => write(c, { kind: 'createTask', input: c.req.valid('json') }))
    .patch('/tasks/:taskId', valid('param', taskParams), valid('json', taskEditSchema), (c) =>
      write(c, { kind: 'updateTask', taskId: c.req.valid('param').taskId, input: c.req.valid('json') }),
    )
    .put('/tasks/:taskId/completed', valid('param', taskParams), valid('json', taskCompletionSchema), (c) =>
      write(c, { kind: 'completeTask', taskId: c.req.valid('param').taskId, input: c.req.valid('json') }),
    )
    .delete('/tasks/:taskId', valid('param', taskParams), (c) => write(c, { kind: 'deleteTask', taskId: c.req.valid('param').taskId }))
    .post('/tags', valid('json', tagsSchema), (c) => write(c, { kind: 'addTags', input: c.req.valid('json') }))
    .delete('/tags', valid('json', tagsSchema), (c) => write(c, { kind: 'removeTags', input: c.req.valid('json') }))
    .post('/notes', valid('json', newNoteSchema), (c) => write(c, { kind: 'createNote', input: c.req.valid('json') }))
    .get('/business', async (c) => {
      allow('sameCompany');
      return c.json(await directory.colleagues(c.get('session').ticketId));
    })
    .get('/writes', async (c) => c.json({ writes: await writes.list(c.get('session').ticketId) }))
    .post('/writes/:writeId/retry', valid('param', writeParams), async (c) => {
      const answer = await writes.retry(c.get('session').ticketId, c.req.valid('param').writeId);
      return c.json(answer.body, answer.status);
    })
    .delete('/writes/:writeId', valid('param', writeParams), async (c) =>
      c.json({ write: await writes.discard(c.get('session').ticketId, c.req.valid('param').writeId) }),
    );
}
