/**
 * The log level for the operator, changed while the server runs: `GET` answers it, `PUT
 * { "level": "debug" }` sets it (debug while setting up, then info). Audited. A restart goes back
 * to `LOG_LEVEL`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../platform/errors';
import { logLevels, type AdjustableLogger, type Logger, type LogLevel } from '../platform/log';
import { settingEntry, type AuditLog } from '../store/port';
import { valid } from './validation';

const levelSchema = z.strictObject({ level: z.enum(logLevels, 'Use debug, info, warn or error.') });

/** Whether the server can change the log's level (its own log always; one a test passes in may not). */
const isAdjustable = (log: Logger): log is AdjustableLogger => 'setLevel' in log && typeof log.setLevel === 'function' && 'level' in log;

export function operatorLogRoutes(options: { log: Logger; configured: LogLevel; audit: AuditLog }) {
  const log = isAdjustable(options.log) ? options.log : null;
  const state = () => ({ level: log?.level ?? options.configured, configured: options.configured });
  return new Hono()
    .get('/', (c) => c.json(state()))
    .put('/', valid('json', levelSchema), (c) => {
      if (!log) throw new AppError(409, 'conflict', 'This server was given a log whose level it cannot change.');
      const { level } = c.req.valid('json');
      const was = log.level;
      log.setLevel(level);
      options.log.info('log level changed by the operator', { from: was, to: level });
      options.audit.record(settingEntry('logLevel', { fields: { from: was, to: level }, result: 'done', detail: 'changed by the operator' }));
      return c.json(state());
    });
}
