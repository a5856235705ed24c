/** The widget's live feed: views and writes news applied as they come, reconnects with the last event id, polling when streaming keeps failing. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContactView } from '../../shared/api';
import { startLiveFeed } from '../../widget/editing/live';

const view: ContactView = { status: 'notFound', ticketContact: { id: 'c1', name: 'Anna', email: null, phone: null } };

/** A stream that sends `chunks` and then ends (or stays open with `open`). */
function streamOf(chunks: string[], open = false): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      if (!open) controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe('the live feed', () => {
  it('applies a pushed view and tells of writes, even when an event arrives in pieces', async () => {
    const views: ContactView[] = [];
    let writes = 0;
    const payload = JSON.stringify(view);
    stop = startLiveFeed({
      connect: async () =>
        streamOf(['event: ready\nid: 1\ndata: {}\n\n', `event: view\nid: 2\ndata: ${payload.slice(0, 10)}`, `${payload.slice(10)}\n\nevent: writes\nid: 3\ndata: {}\n\n`], true),
      onView: (next) => views.push(next),
      onWrites: () => (writes += 1),
      poll: async () => undefined,
    });
    await vi.waitFor(() => expect(writes).toBe(1));
    expect(views).toEqual([view]);
  });

  it('ignores a view it cannot read', async () => {
    const views: ContactView[] = [];
    let writes = 0;
    stop = startLiveFeed({
      connect: async () => streamOf(['event: ready\ndata: {}\n\n', 'event: view\ndata: {"status":"nonsense"}\n\n', 'event: view\ndata: not json\n\n', 'event: writes\ndata: {}\n\n'], true),
      onView: (next) => views.push(next),
      onWrites: () => (writes += 1),
      poll: async () => undefined,
    });
    await vi.waitFor(() => expect(writes).toBe(1));
    expect(views).toEqual([]);
  });

  it('opens a dropped stream again with the last event id', async () => {
    const asked: Array<string | null> = [];
    stop = startLiveFeed({
      connect: async (lastEventId) => {
        asked.push(lastEventId);
        return asked.length === 1 ? streamOf(['event: ready\nid: 7\ndata: {}\n\n']) : streamOf(['event: ready\nid: 8\ndata: {}\n\n'], true);
      },
      onView: () => undefined,
      onWrites: () => undefined,
      poll: async () => undefined,
      timing: { retryMs: 5 },
    });
    await vi.waitFor(() => expect(asked).toEqual([null, '7']));
  });

  it('polls the view when streaming keeps failing, then tries streaming again', async () => {
    const steps: string[] = [];
    stop = startLiveFeed({
      connect: async () => {
        steps.push('stream');
        return new Response('buffered by a proxy', { status: 502 });
      },
      onView: () => undefined,
      onWrites: () => undefined,
      poll: async () => void steps.push('poll'),
      timing: { retryMs: 1, pollMs: 5, failuresBeforePolling: 3 },
    });
    await vi.waitFor(() => expect(steps.length).toBeGreaterThanOrEqual(8), { timeout: 2000 });
    expect(steps.slice(0, 8)).toEqual(['stream', 'stream', 'stream', 'poll', 'poll', 'poll', 'poll', 'stream']);
  });
});
