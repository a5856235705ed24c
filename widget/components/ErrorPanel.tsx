import { type WidgetError, WidgetNetworkError } from '../api';
import type { FirstScreenText } from '../messages/en';
import { words } from '../language';

interface ErrorPanelProps {
  error: WidgetError;
  /** The session is gone: reopening the ticket is the way out. */
  needsReopen: boolean;
  canRetry: boolean;
  onRetry: () => void;
}

function headline(t: FirstScreenText, error: WidgetError, needsReopen: boolean): string {
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
  const t = words();
  if (error instanceof WidgetNetworkError) return t.networkError;
  return t.errors[error.code] ?? error.message;
}

/** Says what went wrong and what the agent can do about it. */
export function ErrorPanel({ error, needsReopen, canRetry, onRetry }: ErrorPanelProps) {
  const t = words();
  return (
    <section class="panel panel-error" role="alert" aria-labelledby="error-heading">
      <h1 id="error-heading" tabIndex={-1}>
        {headline(t, error, needsReopen)}
      </h1>
      <p>{errorMessage(error)}</p>
      {needsReopen && <p class="hint">{t.reopenTicket}</p>}
      {canRetry && (
        <button type="button" class="button button-primary" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </section>
  );
}
