/**
 * The network boundary for the widget's component tests: a fake server that answers by route,
 * records every request, and can hold an answer back to show what the agent sees meanwhile.
 */

import { sessionMetaName } from '../../widget/session';

/** The page as the server answers a launch: Trengo's parameters in the address, the session in a meta tag. */
export function openLaunchPage(): void {
  history.replaceState(null, '', '/?ticket_id=42&auth_token=trengo-secret');
  const meta = document.createElement('meta');
  meta.name = sessionMetaName;
  meta.content = 'session-abc';
  document.head.append(meta);
}

/** An answer, or no answer at all (the agent is offline). */
export type FakeAnswer = { status: number; body: unknown } | 'offline';
/** An answer now, or one given later (see `held`). */
export type Reply = FakeAnswer | (() => Promise<FakeAnswer>);

export interface SentRequest {
  method: string;
  /** Path and query, as the widget asked. */
  url: string;
  authorization: string | null;
  idempotencyKey: string | null;
  body: unknown;
}

/** An answer the test gives when it chooses, to look at the screen while the request is in flight. */
export function held(): { reply: () => Promise<FakeAnswer>; give(answer: FakeAnswer): void } {
  let give: (answer: FakeAnswer) => void = () => undefined;
  const answer = new Promise<FakeAnswer>((resolve) => (give = resolve));
  return { reply: () => answer, give: (value) => give(value) };
}

/**
 * Answers `METHOD /path` (query left out) with the replies queued for it, in order; the last
 * one keeps answering. The sidebar's look at its writes gets "none" unless told otherwise.
 */
export function fakeServer() {
  const requests: SentRequest[] = [];
  const routes = new Map<string, Reply[]>();
  /** The reply each route gave last, given again once its queue is empty. */
  const last = new Map<string, Reply>([['GET /api/writes', { status: 200, body: { writes: [] } }]]);

  const server = {
    requests,
    /** Queues replies for a route, such as `POST /api/tasks`. */
    on(route: string, ...replies: Reply[]) {
      routes.set(route, [...(routes.get(route) ?? []), ...replies]);
      return server;
    },
    /** The requests to one route. */
    to(route: string): SentRequest[] {
      return requests.filter((request) => `${request.method} ${request.url.split('?')[0]}` === route);
    },
    fetch: async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
      const headers = new Headers(init.headers);
      const request: SentRequest = {
        method: init.method ?? 'GET',
        url: String(input),
        authorization: headers.get('Authorization'),
        idempotencyKey: headers.get('Idempotency-Key'),
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      requests.push(request);
      const route = `${request.method} ${request.url.split('?')[0]}`;
      const reply = routes.get(route)?.shift() ?? last.get(route);
      if (!reply) throw new Error(`unexpected request ${route}`);
      last.set(route, reply);
      const answer = typeof reply === 'function' ? await reply() : reply;
      if (answer === 'offline') throw new TypeError('Failed to fetch');
      return new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'Content-Type': 'application/json' },
      });
    },
  };
  return server;
}
