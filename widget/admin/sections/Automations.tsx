import { useModel } from '@preact/signals';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { AutomationRun, RuleName, Rules } from '../contract';
import { Confirm } from '../components/Confirm';
import { LoadedView } from '../components/LoadedView';
import { Panel } from '../components/Panel';
import { RuleEditor, type FailedRunsModel, type RulesModel } from '../model/automations';
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
                <RunRow key={run.id} run={run} failedRuns={failedRuns} onRetry={() => void settle(run, failedRuns.retry(run))} onDrop={() => void settle(run, failedRuns.drop(run))} />
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
  const title = isRuleName(run.rule) ? ruleWords[run.rule].title : run.rule;
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
