/** The automation rules as JSON the operator edits, and the runs that failed, to retry or drop. */
import { createModel, signal } from '@preact/signals';
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
    retry: (run: AutomationRun) => act(run, () => read(api.automations.runs[':id'].retry.$post({ param: { id: run.id } })), `Sent again: the ${run.rule} run for ${run.event}.`),
    askDrop(run: AutomationRun): void {
      confirming.value = run.id;
    },
    keep(): void {
      confirming.value = null;
    },
    drop: (run: AutomationRun) => act(run, () => read(api.automations.runs[':id'].$delete({ param: { id: run.id } })), `Dropped: the ${run.rule} run for ${run.event} will not be attempted again.`),
  };
});

export type FailedRunsModel = InstanceType<typeof FailedRunsModel>;
