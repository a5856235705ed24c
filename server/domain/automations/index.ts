/**
 * The integration acting on its own: rules an operator turns on (each off until then), the runs
 * they make of webhook events and of agents' landed changes, kept in a durable outbox under an
 * idempotency key derived from the event, and worked until done, failed (listed, with the reason,
 * to retry or drop) or dropped. Every rule change and every run's end is in the audit log.
 */
import type { CountryCode } from 'libphonenumber-js';
import { writeActionSchema } from '../../../shared/actions';
import type { CrmPort } from '../../crm/port';
import type { HelpdeskAutomationPort, HelpdeskPort } from '../../helpdesk/port';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/log';
import { settingEntry, type AuditLog, type AutomationRun, type AutomationRunState, type AutomationStore, type InboxEvent, type Links, type StoredWrite } from '../../store/port';
import { createRunActions, readInput, readProgress } from './actions';
import { planRuns, type AutomationEvent, type Plan } from './plans';
import { noteRun, workLine } from './reflect';
import { readRules, ruleSchemas, type RuleName, type Rules } from './rules';
import { createRunWorker, type RunOutcome, type RunRetry } from './worker';

export { automationTrengoEventTypes } from './plans';

/** The Trengo event types the rules that are on need, beside the sidebar's own. */
export function trengoEventTypesFor(rules: Rules): string[] {
  const types: string[] = [];
  if (rules.ticketClosedNote?.enabled) types.push('TICKET_CLOSED');
  if (rules.labelTags?.enabled) types.push('TICKET_LABEL_ADDED', 'TICKET_LABEL_DELETED');
  return types;
}
export { ruleNames, ruleNameSchema, type RuleName, type Rules } from './rules';
export type { RunRetry } from './worker';

export interface AutomationsOptions {
  store: AutomationStore;
  audit: AuditLog;
  links: Links;
  /** A Trengo client that never repeats a create whose outcome is unknown, paced to Trengo's limit. */
  helpdesk: HelpdeskAutomationPort & Pick<HelpdeskPort, 'getTicket'>;
  /** A HighLevel client that never repeats a call whose outcome is unknown. */
  crm: CrmPort;
  /** The HighLevel contact of a ticket's customer (link, else match), or null. */
  crmContactOfTicket: (ticketId: string) => Promise<string | null>;
  /** A HighLevel contact created for a Trengo customer is linked to them. */
  onContactCreated: (key: string, contactId: string) => void;
  /** Where agents open Trengo tickets, e.g. `https://app.trengo.com`. */
  trengoAppUrl: string;
  defaultCountry: CountryCode;
  /** The HighLevel location's time zone, for due dates in notes. */
  timeZone: string;
  /** How long after an unanswered create Trengo or HighLevel may still perform it. */
  lateWriteWindowMs: number;
  /** The first look for an unanswered create waits about this long (the Trengo timeout). */
  lookAfterMs: number;
  log: Logger;
  /** Told after an operator set a rule (the Trengo webhooks the rules need are registered then). */
  onRulesChanged?: (rules: Rules) => void;
  retry?: Partial<RunRetry>;
  /** Runs attempted at once; default 4. */
  concurrency?: number;
  now?: () => number;
}

/** A run as the operator reads it. */
export interface RunView {
  id: string;
  rule: string;
  event: string;
  state: AutomationRunState;
  attempts: number;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
  input: unknown;
  progress: unknown;
}

const toView = (run: AutomationRun): RunView => ({
  id: run.id,
  rule: run.rule,
  event: run.event,
  state: run.state,
  attempts: run.attempts,
  reason: run.reason,
  createdAt: new Date(run.createdAt).toISOString(),
  updatedAt: new Date(run.updatedAt).toISOString(),
  input: readInput(run),
  progress: readProgress(run),
});

/** The ids a run's progress and input name, for the audit log. */
function idsOf(run: AutomationRun): { ticketId: string | null; trengoContactId: string | null; ghlContactId: string | null } {
  const input = readInput(run);
  const progress = readProgress(run);
  const inputTicket = input && 'ticketId' in input ? input.ticketId : null;
  return {
    ticketId: progress.ticketId ?? inputTicket ?? null,
    trengoContactId: progress.trengoContactId ?? (input?.kind === 'inboundContact' ? input.trengoContactId : null),
    ghlContactId: progress.ghlContactId ?? (input?.kind === 'welcome' ? input.contactId : null),
  };
}

/** The rules, their runs and the operator's handles on them, composed over the store and the ports. */
export function createAutomations(options: AutomationsOptions) {
  const { store, audit, log } = options;
  const now = options.now ?? Date.now;
  let rules: Rules = load();

  function load(): Rules {
    return readRules(store.rules.all(), (rule, reason) => log.warn('an automation rule cannot be read and is off', { rule, reason }));
  }

  const actions = createRunActions({ ...options, runs: store.runs });

  function record(run: AutomationRun, result: string, detail: string | null, action = `automation.${run.rule}`): void {
    audit.record({ action, ...idsOf(run), writeId: run.id, fields: run.input, result, ghlStatus: null, traceId: null, detail: `${run.event}${detail ? `: ${detail}` : ''}` });
  }

  function onOutcome(run: AutomationRun, outcome: RunOutcome): void {
    if (outcome.state === 'done') record(run, 'done', outcome.detail);
    else if (outcome.state === 'failed') {
      record(run, 'failed', outcome.reason);
      log.warn('an automation run failed', { run: run.id, reason: outcome.reason });
    } else log.info('an automation run will be tried again', { run: run.id, attempts: run.attempts, reason: outcome.reason });
  }

  /** Takes the agents' changes of each ticket whose first landed a batch time ago into one note. */
  function takeLandedWork(): void {
    const rule = rules.reflectWork;
    if (!rule?.enabled) return;
    let made = 0;
    for (const ticketId of store.landedWork.ticketsDue(now() - rule.batchSeconds * 1000)) {
      if (store.landedWork.takeBatch(ticketId, (work) => noteRun(ticketId, work))) made += 1;
    }
    if (made > 0) worker.nudge();
  }

  const worker = createRunWorker({
    runs: store.runs,
    attempt: actions.attempt,
    onOutcome,
    onPump: takeLandedWork,
    log,
    ...(options.retry && { retry: options.retry }),
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    now,
  });

  function plansOf(event: AutomationEvent): Plan[] {
    return planRuns(event, rules, now());
  }

  function runOf(id: string): AutomationRun {
    const run = store.runs.get(id);
    if (!run) throw new AppError(404, 'not_found', 'There is no automation run of that id.');
    return run;
  }

  return {
    /** Every rule as set; null for one never set (off). */
    rules: (): Rules => rules,

    /**
     * Sets a rule: a 400 naming each field that is wrong (a template that does not render, a
     * channel Trengo does not have), else stored and audited.
     */
    async setRule(name: RuleName, body: unknown): Promise<Rules[RuleName]> {
      const parsed = ruleSchemas[name].safeParse(body);
      if (!parsed.success) {
        const fields: Record<string, string> = {};
        for (const issue of parsed.error.issues) {
          if (issue.code === 'unrecognized_keys') for (const key of issue.keys) fields[[...issue.path, key].join('.')] ??= 'This field is not accepted here.';
          else fields[issue.path.map(String).join('.') || 'body'] ??= issue.message;
        }
        throw new AppError(400, 'bad_request', `The ${name} rule is not valid: ${Object.entries(fields).map(([field, message]) => `${field}: ${message}`).join(' ')}`, { fields });
      }
      const settings = parsed.data;
      if ('channelId' in settings) {
        const channels = await options.helpdesk.listChannels();
        if (!channels.some((channel) => channel.id === settings.channelId)) {
          const known = channels.map((channel) => `${channel.id} (${channel.name ?? channel.type ?? 'unnamed'})`).join(', ') || 'none';
          const message = `Trengo has no channel ${settings.channelId}. Its channels: ${known}.`;
          throw new AppError(400, 'bad_request', `The ${name} rule is not valid: channelId: ${message}`, { fields: { channelId: message } });
        }
      }
      store.rules.set(name, JSON.stringify(settings));
      rules = load();
      audit.record(settingEntry('automation.rule', { fields: { [name]: settings }, result: 'ok', detail: `${name} ${settings.enabled ? 'on' : 'off'}, set by the operator` }));
      log.info('automation rule set', { rule: name, enabled: settings.enabled });
      options.onRulesChanged?.(rules);
      return rules[name];
    },

    /**
     * Called by the inbox worker for every event, after the sidebar's own handling: stores the
     * runs the event makes (none a second time), so the event is done only once they are kept.
     */
    onEvent(event: InboxEvent): void {
      let stored = 0;
      for (const plan of plansOf(event)) {
        if ('skipped' in plan) log.debug('automation rule not applied', { rule: plan.rule, event: event.eventId, reason: plan.skipped });
        else if (store.runs.add(plan.run)) stored += 1;
      }
      if (stored > 0) worker.nudge();
    },

    /** Told when an agent's write has landed in HighLevel: kept to be told in the ticket's next note. */
    onLanded(write: StoredWrite): void {
      if (!rules.reflectWork?.enabled || !/^\d{1,20}$/.test(write.ticketId)) return;
      // The write has landed whatever happens here: a failure to keep its line is logged, never passed back.
      try {
        const action = writeActionSchema.safeParse(JSON.parse(write.payload));
        const line = action.success ? workLine(write, action.data, options.timeZone) : null;
        if (line) store.landedWork.add({ writeId: write.id, ticketId: write.ticketId, line, landedAt: now() });
      } catch (error) {
        log.error('a landed change could not be kept for its ticket note', { write: write.id, error });
      }
    },

    /** What a sample event would make under the current rules, without storing or doing anything. */
    dryRun(event: AutomationEvent): Array<{ rule: string; wouldRun?: { id: string; event: string; input: unknown; alreadyMade: boolean }; skipped?: string }> {
      return plansOf(event).map((plan) =>
        'skipped' in plan
          ? { rule: plan.rule, skipped: plan.skipped }
          : {
              rule: plan.rule,
              wouldRun: { id: plan.run.id, event: plan.run.event, input: readInput(plan.run), alreadyMade: store.runs.get(plan.run.id) !== undefined },
            },
      );
    },

    /** Runs, newest first, by state. */
    runs: (filter: { state?: AutomationRunState; rule?: string; limit?: number } = {}): RunView[] => store.runs.list(filter).map(toView),

    /** Sends a failed or pending run again now. */
    retry(id: string): RunView {
      const run = runOf(id);
      if (run.state !== 'failed' && run.state !== 'pending') throw new AppError(409, 'conflict', `This run is ${run.state}; only a failed or pending run can be retried.`);
      const retried = store.runs.change(id, { state: 'pending', nextAttemptAt: now() });
      record(retried, 'retry', 'retried by the operator', 'automation.retry');
      worker.nudge();
      return toView(retried);
    },

    /** Drops a failed or pending run: it is never attempted again. */
    drop(id: string): RunView {
      const run = runOf(id);
      if (run.state === 'running') throw new AppError(409, 'conflict', 'This run is being attempted right now. Try again in a moment.');
      if (run.state !== 'failed' && run.state !== 'pending') throw new AppError(409, 'conflict', `This run is ${run.state}; only a failed or pending run can be dropped.`);
      const dropped = store.runs.change(id, { state: 'dropped' });
      record(dropped, 'dropped', 'dropped by the operator', 'automation.drop');
      return toView(dropped);
    },

    start: worker.start,
    close: worker.close,
  };
}

export type Automations = ReturnType<typeof createAutomations>;
