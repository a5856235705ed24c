/**
 * The HTTP server around the app. Requests too malformed to reach the app (a request target or
 * host that cannot be read, a header section that cannot be parsed) still get the one JSON error
 * shape instead of the HTTP layer's bare answers, and so does a request that arrives too slowly.
 */
import { createServer, ServerResponse, STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { AppError, answerUnreadableRequest } from './errors';

type FetchHandler = (request: Request) => Response | Promise<Response>;

export type HttpServerOptions = {
  port: number;
  hostname: string;
  /**
   * How long a client may take to send one whole request, headers and body; a slower one (a body
   * dripped in, or announced and never sent) is cut. Only receiving is timed: an answer that
   * takes long, once the request is in, is not cut.
   */
  requestTimeoutMs: number;
};

export function startHttpServer(fetch: FetchHandler, options: HttpServerOptions, onListening?: (address: AddressInfo) => void): Server {
  const server = createServer(
    {
      requestTimeout: options.requestTimeoutMs,
      headersTimeout: options.requestTimeoutMs,
      // Node looks for late requests at this interval (30 s by default): often enough that a
      // request is cut within a quarter of the timeout (at most a second) after it runs out.
      connectionsCheckingInterval: Math.min(1000, Math.ceil(options.requestTimeoutMs / 4)),
    },
    getRequestListener(fetch, { hostname: options.hostname, errorHandler: answerUnreadableRequest }),
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const inFlight = '_httpMessage' in socket && socket._httpMessage instanceof ServerResponse ? socket._httpMessage : null;
    const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    // A request the app already holds is answered only when its body never finished arriving
    // and the app has not begun its answer (as Node itself does); any other failure just closes.
    if (!socket.writable || (inFlight && (!timedOut || inFlight.headersSent))) {
      socket.destroy();
      return;
    }
    const refusal = clientErrorAnswer(error.code);
    const body = JSON.stringify(refusal.toBody());
    const answer = `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`;
    if (inFlight) {
      socket.write(answer);
      socket.destroy();
    } else {
      socket.end(answer);
    }
  });
  server.listen(options.port, options.hostname, () => onListening?.(server.address() as AddressInfo));
  return server;
}

/** The answer to a request the HTTP layer refused: unreadable, or too slow to arrive. */
function clientErrorAnswer(code: string | undefined): AppError {
  if (code === 'HPE_HEADER_OVERFLOW') return new AppError(431, 'bad_request', 'The request headers are too large.');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new AppError(408, 'bad_request', 'The request took too long to arrive.');
  return new AppError(400, 'bad_request', 'The request cannot be read.');
}
