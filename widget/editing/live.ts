/**
 * The sidebar's live feed: the server's event stream for this ticket (`GET /api/events`), read
 * through `fetch` so the session travels in its header as on every other call. A new view of the
 * contact replaces the shown one; news of the customer's writes makes the writes panel look now.
 * A dropped stream is opened again after a pause, with `Last-Event-ID` so the server sends the
 * state at once; when streaming keeps failing (a proxy that holds the stream back), the sidebar
 * falls back to loading the view now and then, and tries streaming again later.
 */
import { contactViewSchema, type ContactView } from '../../shared/api';

export interface LiveTiming {
  /** The first wait before opening a dropped stream again; it doubles up to `maxRetryMs`. */
  retryMs: number;
  maxRetryMs: number;
  /** A stream that says nothing for this long (not even a heartbeat) counts as dropped. */
  silentMs: number;
  /** Streams that fail in a row before the sidebar polls instead. */
  failuresBeforePolling: number;
  /** How often the view is loaded while polling; streaming is tried again every few polls. */
  pollMs: number;
}

export const liveTiming: LiveTiming = { retryMs: 1000, maxRetryMs: 30_000, silentMs: 45_000, failuresBeforePolling: 3, pollMs: 30_000 };

export interface LiveFeedOptions {
  /** Opens the stream; `lastEventId` is the last event seen, for a reconnect. */
  connect(lastEventId: string | null, signal: AbortSignal): Promise<Pick<Response, 'ok' | 'status' | 'body'>>;
  onView(view: ContactView): void;
  onWrites(): void;
  /** Loads the view without the stream (while polling). */
  poll(): Promise<void>;
  timing?: Partial<LiveTiming>;
}

/** Starts following the ticket's events; returns the function that stops. */
export function startLiveFeed(options: LiveFeedOptions): () => void {
  const timing = { ...liveTiming, ...options.timing };
  let stopped = false;
  let lastEventId: string | null = null;
  let failures = 0;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const later = (ms: number, next: () => void) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(next, ms);
  };

  function handle(event: string, data: string): void {
    if (event === 'view') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        return;
      }
      const view = contactViewSchema.safeParse(parsed);
      if (view.success) options.onView(view.data);
    } else if (event === 'writes') {
      options.onWrites();
    }
  }

  /** Reads one stream until it ends; true when it opened and carried events. */
  async function follow(): Promise<boolean> {
    controller = new AbortController();
    const signal = controller.signal;
    let silence: ReturnType<typeof setTimeout> | undefined;
    const heard = () => {
      clearTimeout(silence);
      silence = setTimeout(() => controller?.abort(), timing.silentMs);
    };
    let opened = false;
    try {
      const response = await options.connect(lastEventId, signal);
      // A session the server no longer accepts will not be accepted on the next try either.
      if (response.status === 401) stopped = true;
      if (!response.ok || !response.body) return false;
      heard();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        heard();
        buffer += value;
        let end: number;
        while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split(/\r?\n/)) {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'event') event = value;
            else if (field === 'data') data.push(value);
            else if (field === 'id') lastEventId = value;
          }
          if (event === 'ready') opened = true;
          handle(event, data.join('\n'));
        }
      }
    } catch {
      // Dropped, stopped, or never opened: decided below.
    } finally {
      clearTimeout(silence);
    }
    return opened;
  }

  async function stream(): Promise<void> {
    if (stopped) return;
    const opened = await follow();
    if (stopped) return;
    failures = opened ? 0 : failures + 1;
    if (failures >= timing.failuresBeforePolling) {
      failures = 0;
      pollFor(4);
      return;
    }
    later(Math.min(timing.maxRetryMs, timing.retryMs * 2 ** Math.max(0, failures - 1)), () => void stream());
  }

  /** Polls `times` times, then tries the stream again. */
  function pollFor(times: number): void {
    later(timing.pollMs, () => {
      void options
        .poll()
        .catch(() => undefined)
        .then(() => (times > 1 ? pollFor(times - 1) : void stream()));
    });
  }

  void stream();
  return () => {
    stopped = true;
    clearTimeout(timer);
    controller?.abort();
  };
}
