/** What agents see and do: the features the operator turns on and off, and the read-only mode HighLevel's token put the sidebar in. */
import { createModel, signal } from '@preact/signals';
import type { FeatureName } from '../../../shared/features';
import { api, failureMessage, read } from '../client';
import type { FeatureState } from '../contract';
import { loadInto, type Loaded } from '../load-state';

export const FeaturesModel = createModel(() => {
  const state = signal<Loaded<FeatureState>>({ kind: 'loading' });
  /** What the last change did, for the live region. */
  const status = signal('');
  const problem = signal<string | null>(null);
  const endingReadOnly = signal(false);
  // Only the newest change's answer is shown: a quick second click must not be undone by the first's late answer.
  let latestChange = 0;

  async function change(body: Partial<Record<FeatureName, boolean>> | { readOnly: false }, done: string): Promise<boolean> {
    const id = ++latestChange;
    problem.value = null;
    try {
      const answer = await read(api.features.$put({ json: body }));
      if (id === latestChange) {
        state.value = { kind: 'loaded', value: answer };
        status.value = done;
      }
      return true;
    } catch (error) {
      if (id === latestChange) {
        problem.value = failureMessage(error);
        status.value = '';
        await loadInto(state, () => read(api.features.$get()));
      }
      return false;
    }
  }

  return {
    state,
    status,
    problem,
    endingReadOnly,
    load: () => loadInto(state, () => read(api.features.$get())),
    /** Turns one feature on or off at once; `label` names it in the status line. */
    async turn(name: FeatureName, on: boolean, label: string): Promise<void> {
      const current = state.peek();
      if (current.kind === 'loaded') state.value = { kind: 'loaded', value: { ...current.value, features: { ...current.value.features, [name]: on } } };
      await change({ [name]: on }, `${label} turned ${on ? 'on' : 'off'}. Saved: takes effect on the next open.`);
    },
    async endReadOnly(): Promise<boolean> {
      if (endingReadOnly.peek()) return false;
      endingReadOnly.value = true;
      try {
        return await change({ readOnly: false }, 'Read-only mode ended: agents can make changes again from the next open.');
      } finally {
        endingReadOnly.value = false;
      }
    },
  };
});

export type FeaturesModel = InstanceType<typeof FeaturesModel>;
