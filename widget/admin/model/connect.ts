/** How the server reaches HighLevel and Trengo: the HighLevel connection and its install, and the tokens set on this page. */
import { createModel, signal } from '@preact/signals';
import { api, failureMessage, read } from '../client';
import type { HighLevelConnection, SecretName, SecretState, SecretsView } from '../contract';
import { loadInto, type Loaded } from '../load-state';

export const HighLevelModel = createModel(() => {
  const connection = signal<Loaded<HighLevelConnection>>({ kind: 'loading' });
  /** While the install link is asked for; the browser then leaves for HighLevel. */
  const installing = signal(false);
  const installProblem = signal<string | null>(null);

  return {
    connection,
    installing,
    installProblem,
    load: () => loadInto(connection, () => read(api.highlevel.status.$get())),
    /** Asks for a fresh install link and goes to HighLevel with it; HighLevel sends the operator back to this page. */
    async install(): Promise<void> {
      if (installing.peek()) return;
      installing.value = true;
      installProblem.value = null;
      try {
        const { url } = await read(api.highlevel.install.$get());
        location.assign(url);
      } catch (error) {
        installProblem.value = failureMessage(error);
        installing.value = false;
      }
    },
  };
});

export type HighLevelModel = InstanceType<typeof HighLevelModel>;

export const SecretsModel = createModel(() => {
  const view = signal<Loaded<SecretsView>>({ kind: 'loading' });
  return {
    view,
    load: () => loadInto(view, () => read(api.secrets.$get())),
    /** Shows a secret as the server answered it after a save. */
    replace(secret: SecretState): void {
      const current = view.peek();
      if (current.kind !== 'loaded') return;
      view.value = { kind: 'loaded', value: { ...current.value, secrets: current.value.secrets.map((shown) => (shown.name === secret.name ? secret : shown)) } };
    },
  };
});

export type SecretsModel = InstanceType<typeof SecretsModel>;

/**
 * One secret's form. The value typed is sent once and then forgotten: the field is cleared after a
 * save and the page never shows it back, only its last four characters as the server answers them.
 */
export const SecretForm = createModel((name: SecretName, onSaved: (secret: SecretState) => void) => {
  const value = signal('');
  const saving = signal(false);
  /** The server's refusal, shown beside the field. */
  const problem = signal<string | null>(null);
  /** What the last save did, for the live region. */
  const saved = signal('');

  return {
    value,
    saving,
    problem,
    saved,
    /** Answers whether the server kept the value. */
    async save(describe: (secret: SecretState) => string): Promise<boolean> {
      if (saving.peek()) return false;
      if (value.peek().trim() === '') {
        problem.value = 'Paste the new value first.';
        return false;
      }
      saving.value = true;
      problem.value = null;
      saved.value = '';
      try {
        const { secret } = await read(api.secrets[':name'].$put({ param: { name }, json: { value: value.peek() } }));
        value.value = '';
        saved.value = describe(secret);
        onSaved(secret);
        return true;
      } catch (error) {
        problem.value = failureMessage(error);
        return false;
      } finally {
        saving.value = false;
      }
    },
  };
});

export type SecretForm = InstanceType<typeof SecretForm>;
