/**
 * The operator's automation routes, mounted behind the operator secret at `/operator/automations`:
 * the rules as JSON (read, set one), the runs (failed ones with their reason; retry, drop), and a
 * dry run of a sample event under the current rules.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ruleNameSchema, type Automations } from '../domain/automations/index';
import { valid } from './validation';

const runsQuery = z.strictObject({
  state: z.enum(['pending', 'running', 'done', 'failed', 'dropped'], { error: 'Use pending, running, done, failed or dropped.' }).optional(),
  rule: ruleNameSchema.optional(),
  limit: z.coerce.number().int().min(1).max(5000, 'At most 5000.').optional(),
});

const runParam = z.object({ id: z.string().min(1).max(300) });

const dryRunBody = z.strictObject({
  source: z.enum(['highlevel', 'trengo'], { error: 'Use highlevel or trengo.' }),
  /** HighLevel's event type (`ContactCreate`, or `Workflow` for a Workflow webhook) or Trengo's (`TICKET_CLOSED`, …). */
  type: z.string().regex(/^[A-Za-z_]{1,64}$/, 'Use an event type such as ContactCreate or TICKET_CLOSED.'),
  /** The event's body: HighLevel's JSON, or Trengo's fields as an object of texts. */
  payload: z.record(z.string(), z.unknown(), { error: 'Send the event body as a JSON object.' }),
});

/** Routes to mount at `/operator/automations`, behind the operator secret. */
export function automationRoutes(automations: Automations) {
  return new Hono()
    .get('/rules', (c) => c.json({ rules: automations.rules() }))
    // The body is read as any JSON object here; each rule's own schema names what is wrong in it.
    .put('/rules/:rule', valid('param', z.object({ rule: ruleNameSchema })), valid('json', z.record(z.string(), z.unknown(), { error: 'Send the rule\'s settings as a JSON object, such as { "enabled": true }.' })), async (c) => {
      const { rule } = c.req.valid('param');
      return c.json({ rule, settings: await automations.setRule(rule, c.req.valid('json')) });
    })
    .get('/runs', valid('query', runsQuery), (c) => {
      const { state, rule, limit } = c.req.valid('query');
      return c.json({ runs: automations.runs({ ...(state && { state }), ...(rule && { rule }), ...(limit && { limit }) }) });
    })
    .post('/runs/:id/retry', valid('param', runParam), (c) => c.json({ run: automations.retry(c.req.valid('param').id) }))
    .delete('/runs/:id', valid('param', runParam), (c) => c.json({ run: automations.drop(c.req.valid('param').id) }))
    .post('/dry-run', valid('json', dryRunBody), (c) => {
      const { source, type, payload } = c.req.valid('json');
      // Trengo's fields arrive as texts; a sample written with numbers reads the same.
      const body = source === 'trengo' ? Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, String(value)])) : payload;
      return c.json({ plans: automations.dryRun({ source, type, eventId: 'dry-run', payload: JSON.stringify(body) }) });
    });
}
