/** The server's log level, changed while it runs (debug while setting up, then back); a restart returns to LOG_LEVEL. */
import { createModel, signal } from '@preact/signals';
import { api, failureMessage, read } from '../client';
import type { LogLevel, LogLevelState } from '../contract';
import { loadInto, type Loaded } from '../load-state';

export const logLevels = ['debug', 'info', 'warn', 'error'] as const satisfies readonly LogLevel[];

export const LogLevelModel = createModel(() => {
  const state = signal<Loaded<LogLevelState>>({ kind: 'loading' });
  const status = signal('');
  const problem = signal<string | null>(null);
  return {
    state,
    status,
    problem,
    load: () => loadInto(state, () => read(api['log-level'].$get())),
    async change(level: LogLevel): Promise<void> {
      problem.value = null;
      try {
        const answer = await read(api['log-level'].$put({ json: { level } }));
        state.value = { kind: 'loaded', value: answer };
        status.value = `The server now logs at ${answer.level}.`;
      } catch (error) {
        problem.value = failureMessage(error);
        status.value = '';
        await loadInto(state, () => read(api['log-level'].$get()));
      }
    },
  };
});

export type LogLevelModel = InstanceType<typeof LogLevelModel>;
