/**
 * HTTP requests sent exactly as written: `fetch` normalises `..` and percent-encodings in paths,
 * which would hide from the server the very requests these tests are about.
 */
import { request } from 'node:http';

export type RawAnswer = { status: number; headers: Record<string, string>; text: string };

export function rawRequest(
  baseUrl: string,
  init: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: hostname,
        port,
        method: init.method ?? 'GET',
        path: init.path,
        headers: {
          ...(init.body !== undefined && { 'Content-Length': String(Buffer.byteLength(init.body)) }),
          ...init.headers,
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: incoming.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    if (init.body !== undefined) outgoing.write(init.body);
    outgoing.end();
  });
}

/** The JSON an answer carries, or undefined when it is not JSON. */
export function jsonOf(answer: RawAnswer): unknown {
  try {
    return JSON.parse(answer.text);
  } catch {
    return undefined;
  }
}
