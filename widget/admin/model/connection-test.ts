/** The integration's end-to-end test, run on the operator's word (it writes a task to HighLevel and deletes it). */
import { createModel, signal } from '@preact/signals';
import { api, failureMessage, read } from '../client';
import type { ConnectionTestResult } from '../contract';

export type ConnectionTestState =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'done'; result: ConnectionTestResult }
  | { kind: 'failed'; message: string };

export const ConnectionTestModel = createModel((onFinished: () => void) => {
  const state = signal<ConnectionTestState>({ kind: 'idle' });
  return {
    state,
    async run(): Promise<void> {
      if (state.peek().kind === 'running') return;
      state.value = { kind: 'running' };
      try {
        state.value = { kind: 'done', result: await read(api['connection-test'].$post()) };
      } catch (error) {
        state.value = { kind: 'failed', message: failureMessage(error) };
      }
      onFinished();
    },
  };
});

export type ConnectionTestModel = InstanceType<typeof ConnectionTestModel>;
