import { useModel } from '@preact/signals';
import { useId, useRef } from 'preact/hooks';
import type { HighLevelConnection, SecretName, SecretState, SecretsView } from '../contract';
import { LoadedView } from '../components/LoadedView';
import { Panel } from '../components/Panel';
import { SecretForm, type HighLevelModel, type SecretsModel } from '../model/connect';
import { formatTime, machineTime } from '../time';

/** Each secret in words, with where it comes from in the other system. */
const secretWords: Record<SecretName, { label: string; about: string }> = {
  GHL_TOKEN: { label: 'HighLevel Private Integration token', about: 'From HighLevel → Settings → Private Integrations.' },
  TRENGO_TOKEN: { label: 'Trengo API token', about: 'From Trengo → Settings → API tokens.' },
  TRENGO_APP_SECRET: { label: 'Trengo app secret', about: 'The secret Trengo sends with every open of the sidebar, from the app’s settings in Trengo.' },
};

export function ConnectSection({ highLevel, secrets }: { highLevel: HighLevelModel; secrets: SecretsModel }) {
  return (
    <Panel id="connect" title="Connect" intro="How the server reaches HighLevel and Trengo.">
      <h3>HighLevel</h3>
      <LoadedView state={highLevel.connection.value} what="how HighLevel is connected" retry={highLevel.load}>
        {(connection) => <HighLevelConnectionView connection={connection} highLevel={highLevel} />}
      </LoadedView>
      <h3>Tokens</h3>
      <LoadedView state={secrets.view.value} what="the tokens" retry={secrets.load}>
        {(view) => <SecretList view={view} secrets={secrets} />}
      </LoadedView>
    </Panel>
  );
}

function HighLevelConnectionView({ connection, highLevel }: { connection: HighLevelConnection; highLevel: HighLevelModel }) {
  const aboutId = useId();
  if (connection.mode === 'token') {
    return <p>Connected by a Private Integration token: the HighLevel token below.</p>;
  }
  const installing = highLevel.installing.value;
  return (
    <>
      <p>Connected as a Marketplace app.</p>
      <dl class="facts">
        <div>
          <dt>Installed</dt>
          <dd>{connection.installed ? 'Yes' : 'Not yet: install it below.'}</dd>
        </div>
        {connection.installed && (
          <>
            <div>
              <dt>Access token valid until</dt>
              <dd>{connection.expiresAt === null ? 'Unknown' : <time dateTime={machineTime(connection.expiresAt)}>{formatTime(connection.expiresAt)}</time>}</dd>
            </div>
            <div>
              <dt>Renewals so far</dt>
              <dd>{connection.renewals}</dd>
            </div>
            <div>
              <dt>Scope</dt>
              <dd class="scope">{connection.scope ?? 'Not told'}</dd>
            </div>
          </>
        )}
      </dl>
      <div class="buttons">
        <button type="button" class="button button-primary" aria-disabled={installing} aria-describedby={aboutId} onClick={() => void highLevel.install()}>
          {installing ? 'Opening HighLevel…' : 'Install in HighLevel'}
        </button>
      </div>
      <p id={aboutId} class="muted">
        HighLevel asks an admin of the location to choose it and agree, then sends you back to this page.
        {connection.installed && ' Installing again replaces the tokens the server holds.'}
      </p>
      <p class="problem" role="alert">
        {highLevel.installProblem.value}
      </p>
    </>
  );
}

function SecretList({ view, secrets }: { view: SecretsView; secrets: SecretsModel }) {
  return (
    <>
      {!view.canStore && <p class="notice">To set tokens on this page, give the server TOKEN_ENCRYPTION_KEY (32 random bytes, base64) so it can keep them sealed in its database.</p>}
      <ul class="rows">
        {view.secrets.map((secret) => (
          <li class="row" key={secret.name}>
            <SecretView secret={secret} canStore={view.canStore} onSaved={secrets.replace} />
          </li>
        ))}
      </ul>
    </>
  );
}

/** "Set, ends in …4f2a", "Set" or "Not set": never the value. */
function secretStateText(secret: SecretState): string {
  if (!secret.set) return 'Not set';
  return secret.endsIn === null ? 'Set' : `Set, ends in …${secret.endsIn}`;
}

function secretSourceText(secret: SecretState): string | null {
  if (secret.source === 'environment') return 'Set in the environment, which wins; change it there.';
  if (secret.source === 'page') return 'Set on this page.';
  return null;
}

function SecretView({ secret, canStore, onSaved }: { secret: SecretState; canStore: boolean; onSaved: (secret: SecretState) => void }) {
  const words = secretWords[secret.name];
  const source = secretSourceText(secret);
  return (
    <>
      <h4 class="row-title">
        {words.label} <code>{secret.name}</code>
      </h4>
      <p>
        <strong class={secret.set ? 'state-ok' : 'state-missing'}>{secretStateText(secret)}</strong>
        {source && <span class="muted"> · {source}</span>}
      </p>
      {canStore && secret.source !== 'environment' && <SecretFormView name={secret.name} label={words.label} about={words.about} onSaved={onSaved} />}
    </>
  );
}

function SecretFormView({ name, label, about, onSaved }: { name: SecretName; label: string; about: string; onSaved: (secret: SecretState) => void }) {
  const form = useModel(() => new SecretForm(name, onSaved));
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const problem = form.problem.value;
  const saving = form.saving.value;
  const submit = async (event: Event) => {
    event.preventDefault();
    const kept = await form.save((secret) => `Saved: the ${label} ${secret.endsIn ? `ends in …${secret.endsIn}` : 'is set'} and is used from the next call.`);
    if (!kept) field.current?.focus();
  };
  return (
    <form class="secret-form" onSubmit={(event) => void submit(event)} noValidate>
      <label for={`${id}-value`}>New {label}</label>
      <p id={`${id}-about`} class="muted">
        {about} It is tried before it is kept.
      </p>
      <div class="field-row">
        <input
          id={`${id}-value`}
          ref={field}
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={form.value.value}
          onInput={(event) => (form.value.value = event.currentTarget.value)}
          aria-invalid={problem !== null}
          aria-describedby={problem === null ? `${id}-about` : `${id}-problem ${id}-about`}
        />
        <button type="submit" class="button button-primary" aria-disabled={saving}>
          {saving ? 'Checking…' : 'Save'}
          <span class="visually-hidden"> the {label}</span>
        </button>
      </div>
      {problem !== null && (
        <p id={`${id}-problem`} class="field-error">
          {problem}
        </p>
      )}
      <p class="status" role="status">
        {form.saved.value}
      </p>
    </form>
  );
}
