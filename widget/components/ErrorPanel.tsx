import { type WidgetError, WidgetNetworkError } from '../api';

interface ErrorPanelProps {
  error: WidgetError;
  /** The session is gone: reopening the ticket is the way out. */
  needsReopen: boolean;
  canRetry: boolean;
  onRetry: () => void;
}

function headline(error: WidgetError, needsReopen: boolean): string {
  if (needsReopen) return 'Your session has ended';
  if (error instanceof WidgetNetworkError) return "Can't reach the server";
  if (error.code === 'ticket_not_found') return 'Ticket not found';
  switch (error.body.error.source) {
    case 'highlevel':
      return 'HighLevel is having trouble';
    case 'trengo':
      return 'Trengo is having trouble';
    default:
      return 'Something went wrong';
  }
}

/** Says what went wrong and what the agent can do about it. */
export function ErrorPanel({ error, needsReopen, canRetry, onRetry }: ErrorPanelProps) {
  return (
    <section class="panel panel-error" role="alert" aria-labelledby="error-heading">
      <h1 id="error-heading" tabIndex={-1}>
        {headline(error, needsReopen)}
      </h1>
      <p>{error.message}</p>
      {needsReopen && <p class="hint">Close this ticket and open it again to start a new session.</p>}
      {canRetry && (
        <button type="button" class="button button-primary" onClick={onRetry}>
          Retry
        </button>
      )}
    </section>
  );
}
