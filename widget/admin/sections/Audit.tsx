import { useId } from 'preact/hooks';
import type { AuditEntry } from '../contract';
import { Panel } from '../components/Panel';
import { shownAtMost, type AuditFilters, type AuditModel, type AuditState } from '../model/audit';
import { formatTime } from '../time';

/** The results the log records, for the filter's choices. */
const results = ['done', 'pending', 'failed', 'refused', 'discarded', 'dropped', 'ok', 'error'];

/** The line over the table, for the live region. */
function summary(state: AuditState): string {
  if (state.kind !== 'loaded') return '';
  const shown = state.newest.length;
  if (shown === 0) return 'No entries match.';
  if (state.more) return `Showing the newest ${shownAtMost} entries; the exports hold them all.`;
  return `${shown} ${shown === 1 ? 'entry' : 'entries'}, newest first.`;
}

export function AuditSection({ audit }: { audit: AuditModel }) {
  const id = useId();
  const state = audit.state.value;
  const fields = state.kind === 'failed' ? state.fields : {};
  const filters = audit.filters.value;
  /** One filter's field, described by the server's word on it when it refused it. */
  const field = (name: keyof AuditFilters, label: string, input: { type: 'text' | 'datetime-local'; hint?: string }) => {
    const problem = fields[name];
    const described = [problem && `${id}-${name}-problem`, input.hint && `${id}-${name}-hint`].filter(Boolean).join(' ');
    const common = {
      id: `${id}-${name}`,
      value: filters[name],
      onInput: (event: { currentTarget: HTMLInputElement }) => audit.set(name, event.currentTarget.value),
      'aria-invalid': problem !== undefined,
      'aria-describedby': described || undefined,
    };
    return (
      <div class="field">
        <label for={`${id}-${name}`}>{label}</label>
        {input.type === 'datetime-local' ? <input type="datetime-local" step={1} {...common} /> : <input type="text" spellcheck={false} {...common} />}
        {input.hint && (
          <span id={`${id}-${name}-hint`} class="muted hint">
            {input.hint}
          </span>
        )}
        {problem && (
          <span id={`${id}-${name}-problem`} class="field-error">
            {problem}
          </span>
        )}
      </div>
    );
  };
  return (
    <Panel id="audit" title="Audit log" intro="Every change agents made, every sign-in and every setting changed, newest first.">
      <form
        class="filters"
        aria-label="Filter the audit log"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void audit.show();
        }}
      >
        <div class="filter-fields">
          {field('from', 'From', { type: 'datetime-local', hint: 'Your local time.' })}
          {field('to', 'To', { type: 'datetime-local', hint: 'Your local time.' })}
          {field('contactId', 'Contact id', { type: 'text', hint: 'HighLevel’s or Trengo’s.' })}
          {field('ticketId', 'Ticket id', { type: 'text' })}
          {field('action', 'Action', { type: 'text', hint: 'Such as createNote, retry, features.' })}
          <div class="field">
            <label for={`${id}-result`}>Result</label>
            <select id={`${id}-result`} value={filters.result} onChange={(event) => audit.set('result', event.currentTarget.value)}>
              <option value="">Any</option>
              {results.map((result) => (
                <option value={result} key={result}>
                  {result}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="buttons">
          <button type="submit" class="button button-primary">
            Show entries
          </button>
          <button type="button" class="button" onClick={() => void audit.clear()}>
            Clear the filters
          </button>
        </div>
      </form>
      <p class="exports">
        The entries shown, in full:{' '}
        <a class="button" href={audit.exportLinks.value.csv} download>
          Export CSV
        </a>{' '}
        <a class="button" href={audit.exportLinks.value.json} download>
          Export JSON
        </a>
      </p>
      <p class="status" role="status">
        {summary(state)}
      </p>
      {state.kind === 'failed' && (
        <p class="problem" role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'loading' && <p class="muted">Loading…</p>}
      {state.kind === 'loaded' && state.newest.length > 0 && <AuditTable entries={state.newest} />}
    </Panel>
  );
}

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const id = useId();
  return (
    // Wide at 360 px: the table scrolls in a region of its own, which the keyboard can reach.
    <div class="table-scroll" role="region" aria-labelledby={id} tabIndex={0}>
      <table class="audit">
        <caption id={id}>Audit entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Action</th>
            <th scope="col">Result</th>
            <th scope="col">Ticket</th>
            <th scope="col">Contact</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td class="nowrap">
                <time dateTime={entry.at}>{formatTime(entry.at)}</time>
              </td>
              <td>{entry.action}</td>
              <td>
                <span class={`badge badge-${entry.result}`}>{entry.result}</span>
              </td>
              <td>{entry.ticketId ?? ''}</td>
              <td>{[entry.ghlContactId, entry.trengoContactId].filter(Boolean).join(' · ')}</td>
              <td class="detail">{[entry.detail, entry.ghlStatus === null ? null : `HighLevel ${entry.ghlStatus}`].filter(Boolean).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
