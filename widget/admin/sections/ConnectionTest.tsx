import type { ConnectionStep } from '../contract';
import { Panel } from '../components/Panel';
import type { ConnectionTestModel, ConnectionTestState } from '../model/connection-test';

/** The overall result, for the live region. */
function overall(state: ConnectionTestState): string {
  switch (state.kind) {
    case 'idle':
      return '';
    case 'running':
      return 'Testing the connection…';
    case 'failed':
      return `The test could not run: ${state.message}`;
    case 'done': {
      const { steps } = state.result;
      const failed = steps.filter((step) => !step.ok);
      if (failed.length === 0) return `All ${steps.length} steps passed.`;
      return `${failed.length} of ${steps.length} steps failed: ${failed.map((step) => step.name).join('; ')}.`;
    }
  }
}

export function ConnectionTestSection({ test }: { test: ConnectionTestModel }) {
  const state = test.state.value;
  const running = state.kind === 'running';
  return (
    <Panel
      id="test"
      title="Test the connection"
      intro="Each step runs against HighLevel and Trengo with the server’s own tokens. It makes a task on a test contact and deletes it at once."
    >
      <div class="buttons">
        <button type="button" class="button button-primary" aria-disabled={running} onClick={() => void test.run()}>
          {running ? 'Testing…' : 'Run the test'}
        </button>
      </div>
      <p class={`status ${state.kind === 'done' && !state.result.ok ? 'status-failed' : ''}`} role="status">
        {overall(state)}
      </p>
      {state.kind === 'done' && (
        <ol class="steps" aria-label="Steps of the test">
          {state.result.steps.map((step) => (
            <Step step={step} key={step.name} />
          ))}
        </ol>
      )}
    </Panel>
  );
}

function Step({ step }: { step: ConnectionStep }) {
  return (
    <li class={`step ${step.ok ? 'step-passed' : 'step-failed'}`}>
      <p class="step-head">
        <span class="step-result">
          <span aria-hidden="true">{step.ok ? '✓' : '✗'}</span> {step.ok ? 'Passed' : 'Failed'}
        </span>
        <span class="step-name">{step.name}</span>
        <span class="step-time">{step.durationMs} ms</span>
      </p>
      <p class="step-detail">{step.detail}</p>
      {!step.ok && step.advice && (
        <p class="step-advice">
          <strong>What to do:</strong> {step.advice}
        </p>
      )}
    </li>
  );
}
