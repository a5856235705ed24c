/**
 * A scripted stand-in for HighLevel behind the client's `fetch` option, for the unit tests
 * that need exact control of answers and time. The sandbox tests cover real HTTP.
 */
import { createGhlClient, type GhlClient, type GhlClientOptions } from '../../server/crm/highlevel/index';

/** One request as the fake received it. */
export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

export type Responder = (request: RecordedRequest, signal: AbortSignal | null) => Response | Promise<Response>;

/** A JSON answer with optional headers. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** A fetch that records every request and answers with `respond`. */
export function fakeFetch(respond: Responder): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const text = typeof init?.body === 'string' ? init.body : undefined;
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      url,
      headers: new Headers(init?.headers),
      body: text === undefined ? undefined : JSON.parse(text),
    };
    requests.push(request);
    return respond(request, init?.signal ?? null);
  };
  return { fetch: fetchImpl, requests };
}

/** A fetch that answers only when aborted, the way a silent server behaves. */
export function hangingUntilAborted(signal: AbortSignal | null): Promise<Response> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
}

let clientCount = 0;

/**
 * A client on a base URL of its own, so that no two tests share a rate limiter, with short
 * retry waits unless the test sets them.
 */
export function clientFor(
  respond: Responder,
  options: Partial<GhlClientOptions> = {},
): { client: GhlClient; requests: RecordedRequest[] } {
  clientCount += 1;
  const fake = fakeFetch(respond);
  const client = createGhlClient({
    baseUrl: `https://ghl-${clientCount}.test`,
    locationId: 'loc1',
    token: () => 'secret-token',
    retryBaseMs: 1,
    fetch: fake.fetch,
    ...options,
  });
  return { client, requests: fake.requests };
}
