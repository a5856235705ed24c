/**
 * What a test stack's server said: every log line (captured at debug level) and every answer
 * (status, headers, body), and a scan of both for every secret the server knows. The stack runs
 * the scan when it closes, so every test that starts a stack also proves no secret leaked.
 */
import { appendFileSync } from 'node:fs';
import type { Config } from '../../server/platform/config';
import { createLogger, createRedactor, type Logger } from '../../server/platform/log';
import { createSecrets, secretsFromConfig, type Secrets } from '../../server/platform/secrets';

export type Exchange = { method: string; path: string; status: number; headers: Record<string, string>; body: string };

export type SecretScan = { lines: number; responses: number; secrets: number; hits: string[] };

type FetchHandler = (request: Request, ...rest: never[]) => Response | Promise<Response>;

/** Answers of the demo pages are left out of the scan: they play Trengo, which holds the app secret. */
const playsTrengo = (path: string) => path === '/demo' || path.startsWith('/demo/');

export function observeServer(config: Config) {
  const secrets: Secrets = createSecrets(secretsFromConfig(config), [config.operatorSecret]);
  const lines: string[] = [];
  const log: Logger = createLogger({ level: 'debug', redact: createRedactor(() => secrets.known()), sink: (line) => lines.push(line) });
  const exchanges: Exchange[] = [];
  const reading = new Set<Promise<void>>();

  /** Wraps the app's fetch so every answer is recorded as it leaves. */
  function recording<Handler extends FetchHandler>(fetch: Handler): Handler {
    const wrapped = async (request: Request, ...rest: never[]) => {
      const response = await fetch(request, ...rest);
      const path = new URL(request.url).pathname;
      if (!playsTrengo(path)) {
        const copy = response.clone();
        const read = copy
          .text()
          .catch(() => '')
          .then((body) => {
            exchanges.push({ method: request.method, path, status: response.status, headers: Object.fromEntries(response.headers), body });
          });
        reading.add(read);
        void read.finally(() => reading.delete(read));
      }
      return response;
    };
    return wrapped as Handler;
  }

  /** Every secret the server holds or held, searched as written and URL-encoded in every line and answer. */
  async function scan(): Promise<SecretScan> {
    await Promise.all(reading);
    const known = [...secrets.known()].filter((secret) => secret.length >= 8);
    const hits: string[] = [];
    const texts = [
      ...lines.map((line, index) => ({ where: `log line ${index + 1}`, text: line })),
      ...exchanges.map((exchange) => ({
        where: `answer to ${exchange.method} ${exchange.path} (${exchange.status})`,
        text: `${JSON.stringify(exchange.headers)}\n${exchange.body}`,
      })),
    ];
    known.forEach((secret, index) => {
      const forms = new Set([secret, encodeURIComponent(secret)]);
      for (const { where, text } of texts) {
        if ([...forms].some((form) => text.includes(form))) hits.push(`secret #${index + 1} in the ${where}`);
      }
    });
    const result = { lines: lines.length, responses: exchanges.length, secrets: known.length, hits };
    // SECRET_SCAN_SUMMARY=<file> collects every stack's counts, to total a whole test run.
    const summary = process.env.SECRET_SCAN_SUMMARY;
    if (summary) appendFileSync(summary, `${JSON.stringify({ ...result, hits: hits.length })}\n`);
    return result;
  }

  return { secrets, log, lines, exchanges, recording, scan };
}
