import { useId } from 'preact/hooks';
import type { LogLevel } from '../contract';
import { LoadedView } from '../components/LoadedView';
import { Panel } from '../components/Panel';
import { logLevels, type LogLevelModel } from '../model/log-level';

const levelWords: Record<LogLevel, string> = {
  debug: 'debug: everything, while setting up',
  info: 'info: what happens (the usual)',
  warn: 'warn: only what may need a look',
  error: 'error: only failures',
};

const isLogLevel = (value: string): value is LogLevel => (logLevels as readonly string[]).includes(value);

export function LogLevelSection({ logLevel }: { logLevel: LogLevelModel }) {
  const id = useId();
  return (
    <Panel id="log" title="Log level" intro="How much the server writes to its log, changed at once.">
      <LoadedView state={logLevel.state.value} what="the log level" retry={logLevel.load}>
        {(state) => (
          <div class="field field-narrow">
            <label for={`${id}-level`}>Log level</label>
            <select
              id={`${id}-level`}
              value={state.level}
              aria-describedby={`${id}-configured`}
              onChange={(event) => {
                const level = event.currentTarget.value;
                if (isLogLevel(level)) void logLevel.change(level);
              }}
            >
              {logLevels.map((level) => (
                <option value={level} key={level}>
                  {levelWords[level]}
                </option>
              ))}
            </select>
            <span id={`${id}-configured`} class="muted hint">
              LOG_LEVEL is {state.configured}; a restart goes back to it.
            </span>
          </div>
        )}
      </LoadedView>
      <p class="status" role="status">
        {logLevel.status.value}
      </p>
      <p class="problem" role="alert">
        {logLevel.problem.value}
      </p>
    </Panel>
  );
}
