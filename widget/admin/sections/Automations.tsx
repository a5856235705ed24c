import { useModel } from '@preact/signals';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { AutomationRun, RuleName, Rules } from '../contract';
import { Confirm } from '../components/Confirm';
import { LoadedView } from '../components/LoadedView';
import { Panel } from '../components/Panel';
import { DryRunModel, RuleEditor, sampleEventTypes, type DryRunField, type DryRunPlan, type EventSource, type FailedRunsModel, type RulesModel, type SampleEventType } from '../model/automations';
import { formatTime } from '../time';

/** Each rule in words, and settings to start from while it was never set. */
const ruleWords: Record<RuleName, { title: string; about: string; example: unknown }> = {
  welcomeTicket: {
    title: 'Welcome ticket',
    about: 'A new HighLevel contact gets a Trengo contact on the channel and a welcome ticket.',
    example: {
      enabled: false,
      channelId: 'the id of a Trengo channel',
      subject: 'Welcome, {{firstName}}',
      message: 'Hello {{firstName}},\n\nThank you for getting in touch.',
      delivery: 'customer',
      conditions: { requires: 'emailOrPhone', tagsPresent: [], tagsAbsent: [] },
    },
  },
  reflectWork: {
    title: 'Agents’ work in the ticket',
    about: 'A task, note or tag an agent adds from the sidebar is told in the ticket as one internal note per burst.',
    example: { enabled: false, batchSeconds: 10 },
  },
  ticketClosedNote: { title: 'Note when a ticket closes', about: 'A closed Trengo ticket leaves a note on its HighLevel contact.', example: { enabled: false } },
  labelTags: {
    title: 'Labels as tags',
    about: 'A Trengo label added to or removed from a ticket adds or removes the HighLevel tag it maps to.',
    example: { enabled: false, labels: { 'trengo label': 'highlevel tag' } },
  },
  inboundContact: {
    title: 'Contacts for new customers',
    about: 'A message from a customer HighLevel does not know creates the HighLevel contact.',
    example: { enabled: false, conditions: { requires: 'emailOrPhone', tagsPresent: [], tagsAbsent: [] } },
  },
};

const isRuleName = (name: string): name is RuleName => name in ruleWords;
/** A rule as the page names it (as the server names it, should the page not know it). */
const ruleTitle = (rule: string): string => (isRuleName(rule) ? ruleWords[rule].title : rule);

export function AutomationsSection({ rules, failedRuns }: { rules: RulesModel; failedRuns: FailedRunsModel }) {
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <Panel id="automations" title="Automations" headingRef={heading} intro="Rules the server follows on its own, each off until turned on, and the runs that failed.">
      <h3>Rules</h3>
      <p class="muted">Each rule’s settings are JSON; the server checks them and names any field it cannot take.</p>
      <LoadedView state={rules.rules.value} what="the rules" retry={rules.load}>
        {(set) => (
          <ul class="rows">
            {Object.keys(set)
              .filter(isRuleName)
              .map((name) => (
                <li class="row" key={name}>
                  <RuleForm rule={name} settings={set[name]} onSaved={rules.load} />
                </li>
              ))}
          </ul>
        )}
      </LoadedView>
      <DryRun />
      <FailedRuns failedRuns={failedRuns} heading={heading} />
    </Panel>
  );
}

function RuleForm({ rule, settings, onSaved }: { rule: RuleName; settings: Rules[RuleName]; onSaved: () => void }) {
  const words = ruleWords[rule];
  const editor = useModel(() => new RuleEditor(rule, settings ?? words.example));
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const refusal = editor.refusal.value;
  const saving = editor.saving.value;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await editor.save()) onSaved();
    else field.current?.focus();
  };
  return (
    <form class="rule" onSubmit={(event) => void submit(event)} noValidate>
      <h4 class="row-title">{words.title}</h4>
      <p class="muted">{words.about}</p>
      <p>
        <strong>{settings === null ? 'Off: never set. The settings below are an example to start from.' : settings.enabled ? 'On' : 'Off'}</strong>
      </p>
      <label for={`${id}-settings`}>Settings of “{words.title}” as JSON</label>
      <textarea
        id={`${id}-settings`}
        ref={field}
        class="code"
        rows={Math.min(16, editor.text.value.split('\n').length + 1)}
        spellcheck={false}
        value={editor.text.value}
        onInput={(event) => (editor.text.value = event.currentTarget.value)}
        aria-invalid={refusal !== null}
        aria-describedby={refusal === null ? undefined : `${id}-refusal`}
      />
      {refusal !== null && (
        <div id={`${id}-refusal`} class="field-error">
          {/* The server's message lists the fields it names: they are shown once, as a list. */}
          <p>{refusal.fields.length === 0 ? refusal.message : `The server refused ${refusal.fields.length === 1 ? 'this field' : 'these fields'}:`}</p>
          {refusal.fields.length > 0 && (
            <ul class="refused-fields">
              {refusal.fields.map(({ field: name, problem }) => (
                <li key={name}>
                  <code>{name}</code>: {problem}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div class="buttons">
        <button type="submit" class="button button-primary" aria-disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
          <span class="visually-hidden"> “{words.title}”</span>
        </button>
      </div>
      <p class="status" role="status">
        {editor.saved.value}
      </p>
    </form>
  );
}

const sourceNames: Record<EventSource, string> = { highlevel: 'HighLevel', trengo: 'Trengo' };

/** What each suggested event type is, beside it in the suggestions. */
const eventTypeWords: Record<SampleEventType, string> = {
  ContactCreate: 'HighLevel: a contact was made',
  Workflow: 'HighLevel: a Workflow webhook about a contact',
  TICKET_CLOSED: 'Trengo: a ticket was closed',
  INBOUND: 'Trengo: a customer wrote in',
  TICKET_LABEL_ADDED: 'Trengo: a label was added to a ticket',
  TICKET_LABEL_DELETED: 'Trengo: a label was taken off a ticket',
};

/** A text field of a run's input (the dry run answers it as plain JSON), or null. */
function inputText(input: unknown, name: string): string | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return null;
  const value = new Map<string, unknown>(Object.entries(input)).get(name);
  return typeof value === 'string' && value !== '' ? value : null;
}

/** What a run would do, in words, from its input. */
function runWords(input: unknown, event: string): string {
  const field = (name: string) => inputText(input, name);
  switch (field('kind')) {
    case 'welcome': {
      const address = field('email') ?? field('phone');
      const delivery = field('delivery') === 'internalNote' ? 'with the message as an internal note' : 'and send the welcome message to the customer';
      return `would open a ticket on Trengo channel ${field('channelId') ?? '?'} for ${field('name') ?? 'the contact'}${address ? ` (${address})` : ''}, subject “${field('subject') ?? ''}”, ${delivery}.`;
    }
    case 'closedNote':
      return `would leave a note on the HighLevel contact of ticket ${field('ticketId') ?? '?'} saying it was closed${field('closedBy') ? ` by agent ${field('closedBy')}` : ''}.`;
    case 'labelTags':
      return `would set the HighLevel tags mapped from the labels of ticket ${field('ticketId') ?? '?'}${field('label') ? ` (label “${field('label')}”)` : ''}.`;
    case 'inboundContact': {
      const who = [field('name'), field('email') ?? field('phone')].filter(Boolean).join(', ');
      return `would make a HighLevel contact for Trengo contact ${field('trengoContactId') ?? '?'}${who ? ` (${who})` : ''}, unless HighLevel knows the customer already.`;
    }
    case 'ticketNote':
      return `would post an internal note on ticket ${field('ticketId') ?? '?'}.`;
    default:
      return `would run for the ${event}.`;
  }
}

/** One rule's plan in words: what it would do, or why it would do nothing. */
function planWords(plan: DryRunPlan): string {
  if (plan.wouldRun) {
    const words = runWords(plan.wouldRun.input, plan.wouldRun.event);
    return plan.wouldRun.alreadyMade ? `${words} An earlier event made this run already, so it would not run again.` : words;
  }
  return `would do nothing: ${plan.skipped ?? 'no reason given'}.`;
}

/** The line over the plans, for the live region. */
function dryRunSummary(plans: DryRunPlan[]): string {
  const acting = plans.filter((plan) => plan.wouldRun && !plan.wouldRun.alreadyMade).length;
  if (acting === 0) return 'No rule would act on this event.';
  return `${acting} ${acting === 1 ? 'rule' : 'rules'} would act on this event.`;
}

function DryRun() {
  const dryRun = useModel(DryRunModel);
  const id = useId();
  const fields = { source: useRef<HTMLSelectElement>(null), type: useRef<HTMLInputElement>(null), payload: useRef<HTMLTextAreaElement>(null) };
  const refusal = dryRun.refusal.value;
  const plans = dryRun.plans.value;
  const trying = dryRun.trying.value;
  const problem = (name: DryRunField) => refusal?.fields[name];
  /** A field's description: the server's word on it when it refused it, then its hint. */
  const describedBy = (name: DryRunField, hint?: string) => [problem(name) && `${id}-${name}-problem`, hint].filter(Boolean).join(' ') || undefined;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await dryRun.tryEvent()) return;
    // The focus goes to the first field refused; a refusal of no field keeps it on the button.
    const refused = (['source', 'type', 'payload'] as const).find((name) => dryRun.refusal.peek()?.fields[name] !== undefined);
    if (refused) fields[refused].current?.focus();
  };
  const fieldProblem = (name: DryRunField) =>
    problem(name) !== undefined && (
      <span id={`${id}-${name}-problem`} class="field-error">
        {problem(name)}
      </span>
    );
  return (
    <>
      <h3 id={`${id}-heading`}>Try the rules on a sample event</h3>
      <form class="dry-run" aria-labelledby={`${id}-heading`} noValidate onSubmit={(event) => void submit(event)}>
        <p class="muted">Nothing is sent or stored: the server says what each rule, as saved, would do with this event.</p>
        <div class="dry-run-fields">
          <div class="field">
            <label for={`${id}-source`}>Source</label>
            <select
              id={`${id}-source`}
              ref={fields.source}
              value={dryRun.source.value}
              aria-invalid={problem('source') !== undefined}
              aria-describedby={describedBy('source')}
              onChange={(event) => {
                const source = event.currentTarget.value;
                if (source === 'highlevel' || source === 'trengo') dryRun.chooseSource(source);
              }}
            >
              {Object.entries(sourceNames).map(([value, name]) => (
                <option value={value} key={value}>
                  {name}
                </option>
              ))}
            </select>
            {fieldProblem('source')}
          </div>
          <div class="field">
            <label for={`${id}-type`}>Event type</label>
            <input
              type="text"
              id={`${id}-type`}
              ref={fields.type}
              list={`${id}-types`}
              spellcheck={false}
              autocomplete="off"
              value={dryRun.type.value}
              aria-invalid={problem('type') !== undefined}
              aria-describedby={describedBy('type', `${id}-type-hint`)}
              onInput={(event) => dryRun.chooseType(event.currentTarget.value)}
            />
            <datalist id={`${id}-types`}>
              {sampleEventTypes.map((type) => (
                <option value={type} key={type}>
                  {eventTypeWords[type]}
                </option>
              ))}
            </datalist>
            <span id={`${id}-type-hint`} class="muted hint">
              Such as {sampleEventTypes.join(', ')}.
            </span>
            {fieldProblem('type')}
          </div>
        </div>
        <div class="field">
          <label for={`${id}-payload`}>Event body as JSON</label>
          <textarea
            id={`${id}-payload`}
            ref={fields.payload}
            class="code"
            rows={Math.min(12, dryRun.payload.value.split('\n').length + 1)}
            spellcheck={false}
            value={dryRun.payload.value}
            onInput={(event) => (dryRun.payload.value = event.currentTarget.value)}
            aria-invalid={problem('payload') !== undefined}
            aria-describedby={describedBy('payload', `${id}-payload-hint`)}
          />
          <span id={`${id}-payload-hint`} class="muted hint">
            A suggested type fills in a sample, as {sourceNames[dryRun.source.value]} sends it, until you edit it.
          </span>
          {fieldProblem('payload')}
        </div>
        {refusal !== null && Object.keys(refusal.fields).length === 0 && (
          <p class="problem" role="alert">
            {refusal.message}
          </p>
        )}
        <div class="buttons">
          <button type="submit" class="button button-primary" aria-disabled={trying}>
            {trying ? 'Trying…' : 'Try'}
            <span class="visually-hidden"> the rules on this event</span>
          </button>
        </div>
        <p class="status" role="status">
          {plans === null ? '' : dryRunSummary(plans)}
        </p>
        {plans !== null && plans.length > 0 && (
          <ul class="plans" aria-label="What each rule would do">
            {plans.map((plan, index) => (
              <li key={`${plan.rule}-${index}`}>
                <strong>{ruleTitle(plan.rule)}</strong> {planWords(plan)}
              </li>
            ))}
          </ul>
        )}
      </form>
    </>
  );
}

function FailedRuns({ failedRuns, heading }: { failedRuns: FailedRunsModel; heading: { current: HTMLHeadingElement | null } }) {
  const settle = async (run: AutomationRun, acting: Promise<void>) => {
    await acting;
    const runs = failedRuns.runs.peek();
    if (runs.kind !== 'loaded' || !runs.value.some((listed) => listed.id === run.id)) heading.current?.focus();
  };
  return (
    <>
      <h3>Failed runs</h3>
      <div class="buttons">
        <button type="button" class="button" onClick={() => void failedRuns.load()}>
          Refresh the failed runs
        </button>
      </div>
      <p class="status" role="status">
        {failedRuns.status.value}
      </p>
      <LoadedView state={failedRuns.runs.value} what="the failed runs" retry={failedRuns.load}>
        {(runs) =>
          runs.length === 0 ? (
            <p class="empty">No failed runs.</p>
          ) : (
            <ul class="rows">
              {runs.map((run) => (
                <RunRow key={run.id} run={run} failedRuns={failedRuns} onRetry={() => void settle(run, failedRuns.retry(run, ruleTitle(run.rule)))} onDrop={() => void settle(run, failedRuns.drop(run, ruleTitle(run.rule)))} />
              ))}
            </ul>
          )
        }
      </LoadedView>
    </>
  );
}

function RunRow({ run, failedRuns, onRetry, onDrop }: { run: AutomationRun; failedRuns: FailedRunsModel; onRetry: () => void; onDrop: () => void }) {
  const confirming = failedRuns.confirming.value === run.id;
  const busy = failedRuns.working.value === run.id;
  const title = ruleTitle(run.rule);
  const dropButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (wasConfirming.current && !confirming && dropButton.current?.isConnected) dropButton.current.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  return (
    <li class="row row-failed">
      <h4 class="row-title">
        {title}: {run.event}
      </h4>
      <dl class="facts">
        <div>
          <dt>Reason</dt>
          <dd>{run.reason ?? 'None given'}</dd>
        </div>
        <div>
          <dt>Attempts</dt>
          <dd>{run.attempts}</dd>
        </div>
        <div>
          <dt>Last tried</dt>
          <dd>
            <time dateTime={run.updatedAt}>{formatTime(run.updatedAt)}</time>
          </dd>
        </div>
      </dl>
      {confirming ? (
        <Confirm question={`Drop this run of “${title}”? It will not be attempted again.`} yes="Drop it" no="Keep it" onYes={onDrop} onNo={failedRuns.keep} />
      ) : (
        <div class="buttons">
          <button type="button" class="button button-primary" aria-disabled={busy} onClick={onRetry}>
            Retry<span class="visually-hidden"> the run of {title} for {run.event}</span>
          </button>
          <button type="button" class="button" ref={dropButton} aria-disabled={busy} onClick={() => failedRuns.askDrop(run)}>
            Drop<span class="visually-hidden"> the run of {title} for {run.event}</span>
          </button>
        </div>
      )}
    </li>
  );
}
