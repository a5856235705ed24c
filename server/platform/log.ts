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

/** A log whose level the operator can change while the server runs (debug during setup, then info). */
export interface AdjustableLogger extends Logger {
  readonly level: LogLevel;
  setLevel(level: LogLevel): void;
}

export type LoggerOptions = {
  level: LogLevel;
  /** Removes secrets from a line's text; applied to the whole serialised line (or batch of lines). */
  redact: (text: string) => string;
  /**
   * Where finished lines go, each at once as it is logged (tests read them so). Without it,
   * lines are written to `output` in batches.
   */
  sink?: (line: string) => void;
  /** Where batches of lines go without a `sink`: standard output unless given. */
  output?: (chunk: string) => void;
  now?: () => Date;
  /**
   * Most `debug` lines of one message written in any second (default 50); the rest are counted
   * and the next one written says how many were left out (`sampledOut`), so debug logging under
   * load costs little and still shows what happened.
   */
  debugPerSecond?: number;
};

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A batch is written once this many characters wait, without waiting for the next turn. */
const batchChars = 64 * 1024;

export function createLogger(options: LoggerOptions): AdjustableLogger {
  const { redact, now = () => new Date() } = options;
  let currentLevel = options.level;
  let threshold = rank[currentLevel];
  const sink = options.sink ?? batchedOutput(redact, options.output ?? ((chunk) => process.stdout.write(chunk)));
  const sampled = debugSampler(options.debugPerSecond ?? 50, () => now().getTime());

  function write(level: LogLevel, message: string, fields: LogFields = {}): void {
    if (rank[level] < threshold) return;
    let extra: LogFields = {};
    if (level === 'debug') {
      const sampledOut = sampled(message);
      if (sampledOut === null) return;
      if (sampledOut > 0) extra = { sampledOut };
    }
    let line: string;
    try {
      line = JSON.stringify({ time: now().toISOString(), level, msg: message, ...plain(fields), ...extra });
    } catch {
      line = JSON.stringify({ time: now().toISOString(), level, msg: message, fields: 'unserialisable' });
    }
    try {
      // A batched output redacts whole batches itself.
      sink(options.sink ? redact(line) : line);
    } catch {
      // A failing log sink must never fail the request that logged.
    }
  }

  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    enabled: (asked) => rank[asked] >= threshold,
    get level() {
      return currentLevel;
    },
    setLevel(next) {
      currentLevel = next;
      threshold = rank[next];
    },
  };
}

/** Batches still waiting are written when the process exits; one listener for every logger. */
const flushAtExit = new Set<() => void>();
process.once('exit', () => flushAtExit.forEach((flush) => flush()));

/**
 * Lines gathered and written together once the current turn of the event loop is over (or
 * once a batch is large), so a request's answer is sent before its log lines are written, and
 * a burst of requests costs one write and one pass of the redactor instead of one per line.
 * Whatever waits is written before the process exits.
 */
function batchedOutput(redact: (text: string) => string, output: (chunk: string) => void): (line: string) => void {
  let waiting: string[] = [];
  let waitingChars = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (waiting.length === 0) return;
    const chunk = `${waiting.join('\n')}\n`;
    waiting = [];
    waitingChars = 0;
    try {
      output(redact(chunk));
    } catch {
      // A failing output must never fail the server.
    }
  };
  flushAtExit.add(flush);
  return (line) => {
    waiting.push(line);
    waitingChars += line.length;
    if (waitingChars >= batchChars) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush).unref();
    }
  };
}

/**
 * Whether a debug line of this message may be written now: null when this second's share is
 * used up, else how many were left out before it.
 */
function debugSampler(perSecond: number, epochMs: () => number): (message: string) => number | null {
  const counts = new Map<string, { second: number; written: number; skipped: number }>();
  return (message) => {
    const second = Math.floor(epochMs() / 1000);
    let count = counts.get(message);
    if (!count || count.second !== second) {
      // Messages are fixed texts, so this stays small; cleared anyway should one not be.
      if (counts.size > 1000) counts.clear();
      count = { second, written: 0, skipped: count?.skipped ?? 0 };
      counts.set(message, count);
    }
    if (count.written >= perSecond) {
      count.skipped += 1;
      return null;
    }
    count.written += 1;
    const skipped = count.skipped;
    count.skipped = 0;
    return skipped;
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
