/** Reads a widget event stream (`GET /api/events`) as the widget does: events with their names and data, as they arrive. */

export interface StreamEvent {
  event: string;
  id: string | undefined;
  data: string;
}

export interface OpenStream {
  status: number;
  /** Every event received so far, oldest first. */
  events: StreamEvent[];
  /** Resolves with the first event after `from` (an index into `events`) that passes `test`. */
  next(test: (event: StreamEvent) => boolean, withinMs?: number, from?: number): Promise<StreamEvent>;
  /** Whether the server ended the stream. */
  ended(): boolean;
  close(): void;
}

export async function openEventStream(url: string, session: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { Authorization: `Bearer ${session}`, Accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: StreamEvent[] = [];
  const waiting = new Set<() => void>();
  let finished = !response.body || !response.ok;
  void (async () => {
    if (!response.body || !response.ok) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            block
              .split('\n')
              .filter((line) => line.startsWith(`${name}:`))
              .map((line) => line.slice(name.length + 1).replace(/^ /, ''));
          events.push({ event: field('event')[0] ?? 'message', id: field('id')[0], data: field('data').join('\n') });
          waiting.forEach((wake) => wake());
        }
      }
    } catch {
      // Aborted by close().
    } finally {
      finished = true;
      waiting.forEach((wake) => wake());
    }
  })();
  return {
    status: response.status,
    events,
    async next(test, withinMs = 5000, from = 0) {
      const deadline = Date.now() + withinMs;
      for (;;) {
        const found = events.slice(from).find(test);
        if (found) return found;
        if (finished) throw new Error(`the stream ended without the event; got ${events.map((event) => event.event).join(', ')}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no such event within ${withinMs} ms; got ${events.map((event) => event.event).join(', ')}`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiting.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, left);
          waiting.add(wake);
        });
      }
    },
    ended: () => finished,
    close: () => controller.abort(),
  };
}
