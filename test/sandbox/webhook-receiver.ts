/** A tiny webhook receiver for tests: keeps every request's raw body and answers what it is told. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as it arrived. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The exact bytes received. */
  body: Buffer;
  receivedAt: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT/hook`. */
  url: string;
  received: ReceivedWebhook[];
  /** Statuses to answer the next requests with, in order; 200 once it is empty. */
  answers: number[];
  /** How long to wait before answering. */
  answerDelayMs: number;
  clear(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.received.push({ path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks), receivedAt: Date.now() });
      const status = receiver.answers.shift() ?? 200;
      setTimeout(() => response.writeHead(status, { 'Content-Type': 'text/plain' }).end(String(status)), receiver.answerDelayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${port}/hook`,
    received: [],
    answers: [],
    answerDelayMs: 0,
    clear() {
      receiver.received.length = 0;
      receiver.answers.length = 0;
      receiver.answerDelayMs = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return receiver;
}
