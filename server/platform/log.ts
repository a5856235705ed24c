/**
 * The server's log: one JSON object per line, at a configurable level, with every secret the
 * server knows removed from every line before it is written, whatever put it there.
 */
import type { OutsideCall, OutsideSystem } from './outside-http';

export const logLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Values a log line may carry besides its message. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Whether lines of this level are written; lets callers skip building fields nobody reads. */
  enabled(level: LogLevel): boolean;
}

export type LoggerOptions = {
  level: LogLevel;
  /** Removes secrets from a line's text; applied to the whole serialised line. */
  redact: (text: string) => string;
  /** Where finished lines go; standard output unless given. */
  sink?: (line: string) => void;
  now?: () => Date;
};

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(options: LoggerOptions): Logger {
  const { redact, sink = (line) => process.stdout.write(`${line}\n`), now = () => new Date() } = options;
  const threshold = rank[options.level];

  function write(level: LogLevel, message: string, fields: LogFields = {}): void {
    if (rank[level] < threshold) return;
    let line: string;
    try {
      line = JSON.stringify({ time: now().toISOString(), level, msg: message, ...plain(fields) });
    } catch {
      line = JSON.stringify({ time: now().toISOString(), level, msg: message, fields: 'unserialisable' });
    }
    try {
      sink(redact(line));
    } catch {
      // A failing log sink must never fail the request that logged.
    }
  }

  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    enabled: (level) => rank[level] >= threshold,
  };
}

/** Errors as their name, message and stack (JSON.stringify drops them otherwise). */
function plain(fields: LogFields): LogFields {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) =>
      value instanceof Error ? [key, { name: value.name, message: value.message, stack: value.stack }] : [key, value],
    ),
  );
}

/** Secrets shorter than this are not searched for: they would blank out ordinary words. */
const minSecretLength = 8;

/**
 * A function that removes from text every secret `secrets()` names (as written, JSON-escaped
 * and URL-encoded), any `Bearer …` credential (but a `<placeholder>`), and the values of the launch parameters
 * `auth_token` and `token`. It reads `secrets()` on every call, so rotated secrets are covered
 * at once; pass current and previous values.
 */
export function createRedactor(secrets: () => Iterable<string>): (text: string) => string {
  return (text) => {
    let result = text;
    for (const secret of secrets()) {
      if (secret.length < minSecretLength) continue;
      for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])) {
        if (result.includes(form)) result = result.split(form).join('[redacted]');
      }
    }
    return result
      .replace(/(Bearer\s+)(?!\[redacted\]|<)[^\s"'\\,;]+/gi, '$1[redacted]')
      .replace(/([?&](?:auth_token|token)=)(?!\[redacted\])[^&#\s"'\\]*/gi, '$1[redacted]');
  };
}

/**
 * A client's `onCall` hook that logs each attempt with the request it served: info when it
 * succeeded or was an ordinary answer, warn when the system failed, refused or throttled.
 */
export function logOutsideCalls(log: Logger, system: OutsideSystem, requestId: () => string | undefined) {
  return (call: OutsideCall): void => {
    const failed = call.status === null || call.status >= 500 || [401, 403, 429].includes(call.status);
    (failed ? log.warn : log.info)('outside call', { system, ...call, requestId: requestId() });
  };
}
