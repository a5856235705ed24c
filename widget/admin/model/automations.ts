/** The automation rules as JSON the operator edits, the runs that failed, to retry or drop, and a sample event tried against the rules. */
import { createModel, signal } from '@preact/signals';
import type { InferResponseType } from 'hono/client';
import { AdminApiError, api, failureMessage, read } from '../client';
import type { AutomationRun, RuleName, Rules } from '../contract';
import { loadInto, type Loaded } from '../load-state';

export const RulesModel = createModel(() => {
  const rules = signal<Loaded<Rules>>({ kind: 'loading' });
  return { rules, load: () => loadInto(rules, async () => (await read(api.automations.rules.$get())).rules) };
});

export type RulesModel = InstanceType<typeof RulesModel>;

/** Why the server refused a rule's settings: its message, and the fields it named. */
export type RuleRefusal = { message: string; fields: Array<{ field: string; problem: string }> };

const pretty = (settings: unknown) => JSON.stringify(settings, null, 2);

/** One rule's settings as the operator edits them: JSON text, checked as JSON here and as a rule by the server. */
export const RuleEditor = createModel((rule: RuleName, settings: unknown) => {
  const text = signal(pretty(settings));
  const saving = signal(false);
  const refusal = signal<RuleRefusal | null>(null);
  /** What the last save did, for the live region. */
  const saved = signal('');

  return {
    text,
    saving,
    refusal,
    saved,
    async save(): Promise<boolean> {
      if (saving.peek()) return false;
      saved.value = '';
      let body: unknown;
      try {
        body = JSON.parse(text.peek());
      } catch (error) {
        refusal.value = { message: `This is not JSON: ${failureMessage(error)}`, fields: [] };
        return false;
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        refusal.value = { message: 'The settings are one JSON object, such as { "enabled": true }.', fields: [] };
        return false;
      }
      saving.value = true;
      refusal.value = null;
      try {
        const answer = await read(api.automations.rules[':rule'].$put({ param: { rule }, json: Object.fromEntries(Object.entries(body)) }));
        text.value = pretty(answer.settings);
        saved.value = `Saved: the rule is ${answer.settings?.enabled ? 'on' : 'off'}.`;
        return true;
      } catch (error) {
        const fields = error instanceof AdminApiError ? Object.entries(error.fields).map(([field, problem]) => ({ field, problem })) : [];
        refusal.value = { message: failureMessage(error), fields };
        return false;
      } finally {
        saving.value = false;
      }
    },
  };
});

export type RuleEditor = InstanceType<typeof RuleEditor>;

export const FailedRunsModel = createModel(() => {
  const runs = signal<Loaded<AutomationRun[]>>({ kind: 'loading' });
  const working = signal<string | null>(null);
  const confirming = signal<string | null>(null);
  const status = signal('');

  const load = () => loadInto(runs, async () => (await read(api.automations.runs.$get({ query: { state: 'failed' } }))).runs);

  async function act(run: AutomationRun, sending: () => Promise<unknown>, done: string): Promise<void> {
    if (working.peek() !== null) return;
    working.value = run.id;
    confirming.value = null;
    try {
      await sending();
      status.value = done;
    } catch (error) {
      status.value = failureMessage(error);
    } finally {
      working.value = null;
    }
    await load();
  }

  return {
    runs,
    working,
    confirming,
    status,
    load,
    /** `title`: the rule as the page names it. */
    retry: (run: AutomationRun, title: string) => act(run, () => read(api.automations.runs[':id'].retry.$post({ param: { id: run.id } })), `Sent again: the run of ${title} for ${run.event}.`),
    askDrop(run: AutomationRun): void {
      confirming.value = run.id;
    },
    keep(): void {
      confirming.value = null;
    },
    drop: (run: AutomationRun, title: string) => act(run, () => read(api.automations.runs[':id'].$delete({ param: { id: run.id } })), `Dropped: the run of ${title} for ${run.event} will not be attempted again.`),
  };
});

export type FailedRunsModel = InstanceType<typeof FailedRunsModel>;

/** Where a sample event comes from: HighLevel's webhooks or Trengo's. */
export type EventSource = 'highlevel' | 'trengo';

/** What one rule would make of the sample event: a run, or why it would make none. */
export type DryRunPlan = InferResponseType<(typeof api.automations)['dry-run']['$post'], 200>['plans'][number];

/** The dry run's fields, which a refusal names. */
export type DryRunField = 'source' | 'type' | 'payload';

/** Why the sample could not be tried: the fields named (shown beside them), else one message. */
export type DryRunRefusal = { message: string; fields: Partial<Record<DryRunField, string>> };

const isDryRunField = (name: string): name is DryRunField => name === 'source' || name === 'type' || name === 'payload';

/**
 * The event types the rules act on, each with a sample body as HighLevel or Trengo sends it: the
 * dry run's suggestions, and what its body starts from. Trengo sends every field as text.
 */
export const sampleEvents = {
  ContactCreate: { source: 'highlevel', sample: () => ({ id: 'sampleContact1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+14155550100', tags: [] }) },
  // A Workflow fires for changes too: it counts as a new contact only within a day of the contact's creation.
  Workflow: { source: 'highlevel', sample: () => ({ contact_id: 'sampleContact1', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', date_created: new Date().toISOString() }) },
  TICKET_CLOSED: { source: 'trengo', sample: () => ({ ticket_id: '1001', contact_id: '2001', user_id: '5', status: 'CLOSED' }) },
  INBOUND: { source: 'trengo', sample: () => ({ ticket_id: '1001', contact_id: '2001', contact_name: 'Walk In', contact_email: 'walk.in@example.com', contact_identifier: 'walk.in@example.com' }) },
  TICKET_LABEL_ADDED: { source: 'trengo', sample: () => ({ ticket_id: '1001', contact_id: '2001', label_id: '71', label_name: 'VIP' }) },
  TICKET_LABEL_DELETED: { source: 'trengo', sample: () => ({ ticket_id: '1001', contact_id: '2001', label_id: '71', label_name: 'VIP' }) },
} satisfies Record<string, { source: EventSource; sample: () => Record<string, unknown> }>;

export type SampleEventType = keyof typeof sampleEvents;
export const sampleEventTypes = Object.keys(sampleEvents).filter((type): type is SampleEventType => type in sampleEvents);
const isSampleEventType = (type: string): type is SampleEventType => type in sampleEvents;

/**
 * A sample event tried against the rules as saved: nothing is sent or stored. Choosing a known
 * event type fills in its sample body (and its source) until the operator edits the body, so a
 * body written by hand is never replaced.
 */
export const DryRunModel = createModel(() => {
  const source = signal<EventSource>('highlevel');
  const type = signal<string>('ContactCreate');
  const payload = signal(pretty(sampleEvents.ContactCreate.sample()));
  /** The body last filled in from a sample: while the field still holds it, a new type replaces it. */
  let filledIn = payload.peek();
  const trying = signal(false);
  const refusal = signal<DryRunRefusal | null>(null);
  /** What the rules would do with the event last tried; null before a try. */
  const plans = signal<DryRunPlan[] | null>(null);

  function fillIn(sampleType: SampleEventType): void {
    if (payload.peek() !== filledIn) return;
    filledIn = pretty(sampleEvents[sampleType].sample());
    payload.value = filledIn;
  }

  return {
    source,
    type,
    payload,
    trying,
    refusal,
    plans,
    /** A new source: a known type of the other source gives way to this source's first. */
    chooseSource(next: EventSource): void {
      source.value = next;
      const current = type.peek();
      if (isSampleEventType(current) && sampleEvents[current].source === next) return;
      const first = sampleEventTypes.find((candidate) => sampleEvents[candidate].source === next);
      if (first === undefined) return;
      type.value = first;
      fillIn(first);
    },
    /** A known type sets its source and, while the body is a sample, its sample. */
    chooseType(next: string): void {
      type.value = next;
      if (!isSampleEventType(next)) return;
      source.value = sampleEvents[next].source;
      fillIn(next);
    },
    /** Sends the event to the dry run; false when it was refused (the refusal names the field). */
    async tryEvent(): Promise<boolean> {
      if (trying.peek()) return false;
      let body: unknown;
      try {
        body = JSON.parse(payload.peek());
      } catch (error) {
        refusal.value = { message: 'The event body is not JSON.', fields: { payload: `This is not JSON: ${failureMessage(error)}` } };
        return false;
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        refusal.value = { message: 'The event body is not a JSON object.', fields: { payload: 'The event body is one JSON object, such as { "id": "abc" }.' } };
        return false;
      }
      trying.value = true;
      refusal.value = null;
      try {
        const answer = await read(api.automations['dry-run'].$post({ json: { source: source.peek(), type: type.peek().trim(), payload: Object.fromEntries(Object.entries(body)) } }));
        plans.value = answer.plans;
        return true;
      } catch (error) {
        const fields: DryRunRefusal['fields'] = {};
        if (error instanceof AdminApiError) {
          for (const [name, problem] of Object.entries(error.fields)) {
            const field = name.split('.')[0] ?? '';
            if (isDryRunField(field)) fields[field] ??= problem;
          }
        }
        refusal.value = { message: failureMessage(error), fields };
        plans.value = null;
        return false;
      } finally {
        trying.value = false;
      }
    },
  };
});

export type DryRunModel = InstanceType<typeof DryRunModel>;
