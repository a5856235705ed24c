/**
 * The HTTP server around the app. Requests too malformed to reach the app (a request target or
 * host that cannot be read, a header section that cannot be parsed) still get the one JSON error
 * shape instead of the HTTP layer's bare answers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { AppError, answerUnreadableRequest } from './errors';

type FetchHandler = (request: Request) => Response | Promise<Response>;

export function startHttpServer(
  fetch: FetchHandler,
  options: { port: number; hostname: string },
  onListening?: (address: AddressInfo) => void,
): Server {
  const server = createServer(getRequestListener(fetch, { hostname: options.hostname, errorHandler: answerUnreadableRequest }));
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || ('_httpMessage' in socket && socket._httpMessage)) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify(new AppError(400, 'bad_request', tooLarge ? 'The request headers are too large.' : 'The request cannot be read.').toBody());
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  server.listen(options.port, options.hostname, () => onListening?.(server.address() as AddressInfo));
  return server;
}
