/**
 * The widget's launch: Trengo opens the sidebar at `/?ticket_id=…&auth_token=…`
 * and the server answers with the page, carrying a session for that ticket in
 * a meta tag. The session lives in memory only.
 */

/** Name of the meta tag the server puts the session in. */
export const sessionMetaName = 'widget-session';

/**
 * Takes the session out of the page: returns its value and removes the tag, so
 * nothing else in the document keeps it. Null when the page carried none.
 */
export function takeSession(document: Document): string | null {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${sessionMetaName}"]`);
  if (!meta) return null;
  const session = meta.content.trim();
  meta.remove();
  return session || null;
}

/**
 * Drops Trengo's launch parameters (ticket id, auth token) from the address, so
 * they do not linger in history or leak in a Referer; keeps the path and hash.
 */
export function clearLaunchParams(location: Location, history: History): void {
  if (!location.search) return;
  history.replaceState(history.state, '', location.pathname + location.hash);
}
