import { useId, useRef } from 'preact/hooks';
import { featureNames, type FeatureName } from '../../../shared/features';
import type { FeatureState, ReadOnly } from '../contract';
import { LoadedView } from '../components/LoadedView';
import { Panel } from '../components/Panel';
import type { FeaturesModel } from '../model/features';
import { formatTime, machineTime } from '../time';

/** Each feature in the operator's words: its name in the sidebar and what turning it off takes away. */
const featureWords: Record<FeatureName, { label: string; about: string }> = {
  tasks: { label: 'Tasks', about: 'The contact’s tasks: see, add, change and complete them.' },
  notes: { label: 'Notes', about: 'The contact’s notes: read them and add one.' },
  appointments: { label: 'Appointments', about: 'The contact’s upcoming appointments.' },
  tags: { label: 'Tags', about: 'Add and remove tags. The tags show either way.' },
  editContact: { label: 'Edit contact', about: 'Change the contact’s name, email and phone.' },
  createContact: { label: 'Create contact', about: 'Make a HighLevel contact when none matches the ticket’s customer.' },
  searchAndLink: { label: 'Search and link', about: 'Search HighLevel and link another contact to the ticket.' },
  sameCompany: { label: 'Same company', about: 'Other contacts of the contact’s company.' },
};

export function FeaturesSection({ features }: { features: FeaturesModel }) {
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <Panel id="agents" title="What agents see" headingRef={heading} intro="Turn off what agents should not see or do in the sidebar. A sidebar already open keeps what it has until its next open.">
      <LoadedView state={features.state.value} what="the features" retry={features.load}>
        {(state) => <FeatureSwitches state={state} features={features} onReadOnlyEnded={() => heading.current?.focus()} />}
      </LoadedView>
    </Panel>
  );
}

function FeatureSwitches({ state, features, onReadOnlyEnded }: { state: FeatureState; features: FeaturesModel; onReadOnlyEnded: () => void }) {
  const id = useId();
  return (
    <>
      {state.readOnly && <ReadOnlyNotice readOnly={state.readOnly} features={features} onEnded={onReadOnlyEnded} />}
      <fieldset class="switches">
        <legend>Features in the sidebar</legend>
        <ul>
          {featureNames.map((name) => {
            const words = featureWords[name];
            return (
              <li key={name}>
                <input
                  id={`${id}-${name}`}
                  type="checkbox"
                  role="switch"
                  checked={state.features[name]}
                  aria-describedby={`${id}-${name}-about`}
                  onChange={(event) => void features.turn(name, event.currentTarget.checked, words.label)}
                />
                <label for={`${id}-${name}`}>{words.label}</label>
                <span id={`${id}-${name}-about`} class="muted switch-about">
                  {words.about}
                </span>
              </li>
            );
          })}
        </ul>
      </fieldset>
      <p class="status" role="status">
        {features.status.value}
      </p>
      <p class="problem" role="alert">
        {features.problem.value}
      </p>
    </>
  );
}

/** Why agents can change nothing, and the way to end it; the notice goes once ended, and the section's heading takes the focus. */
function ReadOnlyNotice({ readOnly, features, onEnded }: { readOnly: NonNullable<ReadOnly>; features: FeaturesModel; onEnded: () => void }) {
  const id = useId();
  return (
    <div class="notice notice-warning" role="region" aria-labelledby={id}>
      <h3 id={id}>The sidebar is read-only</h3>
      <p>
        Since <time dateTime={machineTime(readOnly.since)}>{formatTime(readOnly.since)}</time>: {readOnly.detail}
      </p>
      <p>
        HighLevel refused a change for the token’s scope, so agents see everything and change nothing; the refused change is kept and sent once the token may write. The mode ends by itself an hour
        after it began, when the connection test’s write passes, or here once the token has the scope.
      </p>
      <div class="buttons">
        <button type="button" class="button" aria-disabled={features.endingReadOnly.value} onClick={async () => (await features.endReadOnly()) && onEnded()}>
          End read-only mode
        </button>
      </div>
    </div>
  );
}
