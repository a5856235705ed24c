import { type WidgetError, WidgetApiError, WidgetNetworkError } from '../api';
import type { EditingText } from '../editing/messages/en';
import { editingWords } from '../editing/words';

interface ErrorPanelProps {
  error: WidgetError;
  onRetry: () => void;
}

/** A session the server no longer accepts: only reopening the ticket starts a new one. */
export function isSessionError(error: WidgetError): boolean {
  return (
    error instanceof WidgetApiError &&
    (error.status === 401 || error.code === 'session_expired' || error.code === 'unauthorized')
  );
}

/** Network failures can always be retried; the server's errors say whether it helps. */
const canRetry = (error: WidgetError) => error instanceof WidgetNetworkError || error.retryable;

function headline(t: EditingText, error: WidgetError, needsReopen: boolean): string {
  if (needsReopen) return t.sessionEnded;
  if (error instanceof WidgetNetworkError) return t.cannotReachServer;
  if (error.code === 'ticket_not_found') return t.ticketNotFound;
  switch (error.body.error.source) {
    case 'highlevel':
      return t.highLevelTrouble;
    case 'trengo':
      return t.trengoTrouble;
    default:
      return t.somethingWrong;
  }
}

/**
 * What an error means for the agent, in their language: by its code, or the server's own words
 * where they name what was refused (a field HighLevel would not take, say).
 */
export function errorMessage(error: WidgetError): string {
  const t = editingWords();
  if (error instanceof WidgetNetworkError) return t.networkError;
  return t.errors[error.code] ?? error.message;
}

/** Says what went wrong and what the agent can do about it. */
export function ErrorPanel({ error, onRetry }: ErrorPanelProps) {
  // The session is gone: reopening the ticket is the way out.
  const needsReopen = isSessionError(error);
  const t = editingWords();
  return (
    <section class="panel panel-error" role="alert" aria-labelledby="error-heading">
      <h1 id="error-heading" tabIndex={-1}>
        {headline(t, error, needsReopen)}
      </h1>
      <p>{errorMessage(error)}</p>
      {needsReopen && <p class="hint">{t.reopenTicket}</p>}
      {canRetry(error) && (
        <button type="button" class="button button-primary" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </section>
  );
}
