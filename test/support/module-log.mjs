// Records the file of every module a Node process loads into the file named by MODULE_LOG.
// Load it after tsx: `node --import tsx --import ./test/support/module-log.mjs server/main.ts`.
import { register } from 'node:module';

register('./module-log-hooks.mjs', import.meta.url, { data: { file: process.env.MODULE_LOG } });
