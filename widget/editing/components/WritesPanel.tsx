import type { WriteAction } from '../../../shared/writes';
import type { TrackedWrite, WritesModel } from '../writes';
import { editingWords, sentence } from '../words';

/**
 * The agent's writes that need a word: waiting for HighLevel (the server keeps them and sends
 * them when HighLevel answers), failed (with the reason, the whole of what the agent typed,
 * Retry and Discard), or saved after waiting.
 */
export function WritesPanel({ writes }: { writes: WritesModel }) {
  const notices = writes.notices.value;
  return (
    <div class="writes" aria-live="polite">
      {notices.length > 0 && (
        <ul class="write-list" aria-label={editingWords().changesToHighLevel}>
          {notices.map((write) => (
            <WriteNotice write={write} writes={writes} key={write.key} />
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * What the agent typed for a write, in full: the summary cuts long text short, and a write that
 * was not saved must leave nothing the agent typed only in a cut-off line.
 */
function typedText(action: WriteAction | null): string | null {
  switch (action?.kind) {
    case 'createNote':
      return action.input.body;
    case 'createTask':
    case 'updateTask':
      return [action.input.title, action.input.body].filter(Boolean).join('\n') || null;
    case 'createContact':
    case 'updateContact': {
      const { firstName, lastName, email, phone } = action.input;
      return [[firstName, lastName].filter(Boolean).join(' '), email, phone].filter(Boolean).join('\n') || null;
    }
    case 'addTags':
      return action.input.tags.join(', ');
    default:
      return null;
  }
}

function WriteNotice({ write, writes }: { write: TrackedWrite; writes: WritesModel }) {
  const text = write.progress === 'failed' ? typedText(write.action) : null;
  const t = editingWords();
  return (
    <li class={`write write-${write.progress}`}>
      <p class="write-summary">{write.summary}</p>
      {text && <p class="write-text">{text}</p>}
      {write.progress === 'pending' && (
        <p class="write-state">
          {t.waitingKept}
          {write.reason && <span class="write-reason"> {write.reason}</span>}
        </p>
      )}
      {write.progress === 'done' && <p class="write-state">{t.saved}</p>}
      {write.progress === 'failed' && (
        <>
          <p class="write-state" role="alert">
            {write.reason ? t.notSavedBecause(sentence(write.reason)) : t.notSavedNoReason}
            {write.inForm && ` ${t.backInForm}`}
          </p>
          <div class="form-buttons">
            {write.canRetry && !write.inForm && (
              <button type="button" class="button button-primary" onClick={() => writes.retry(write.key)}>
                {t.retry}
                <span class="visually-hidden"> {write.summary}</span>
              </button>
            )}
            <button type="button" class="button" onClick={() => void writes.discard(write.key)}>
              {t.discard}
              <span class="visually-hidden"> {write.summary}</span>
            </button>
          </div>
        </>
      )}
    </li>
  );
}
