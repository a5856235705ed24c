/**
 * A start with credentials runs the product alone: no sandbox, no demo and no seed module is
 * loaded, while the demo start (no credentials) loads them. The server's process records every
 * module it resolves until it listens.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'production-start-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Starts `server/main.ts` with `env`, waits until it says it listens, stops it, and lists the project files it loaded. */
async function modulesLoadedUntilListening(name: string, env: Record<string, string>): Promise<string[]> {
  const moduleLog = join(folder, `${name}.modules`);
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './test/support/module-log.mjs', 'server/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', MODULE_LOG: moduleLog, DATABASE_PATH: join(folder, `${name}.db`), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} start did not listen within 30 s:\n${output}`)), 30_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (/listening on|Demo running/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => reject(new Error(`${name} start exited with ${code}:\n${output}`)));
    });
  } finally {
    child.kill('SIGKILL');
  }
  const files = readFileSync(moduleLog, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => fileURLToPath(url).slice(root.length))
    .filter((path) => !path.startsWith('node_modules/'));
  return [...new Set(files)];
}

const fromSandbox = (path: string) => path.startsWith('sandbox/');

describe('a production start', () => {
  it('loads no sandbox module, while the demo start loads them', async () => {
    const [production, demo] = await Promise.all([
      modulesLoadedUntilListening('production', {
        GHL_TOKEN: 'pit-production-token-for-the-test',
        GHL_LOCATION_ID: 've9EPM428h8vShlRW1KT',
        GHL_API_BASE: 'http://127.0.0.1:9',
        TRENGO_TOKEN: 'trengo-production-token-for-the-test',
        TRENGO_API_BASE: 'http://127.0.0.1:9',
        TRENGO_APP_SECRET: 'an-app-secret-of-enough-length',
      }),
      modulesLoadedUntilListening('demo', {}),
    ]);
    console.log(`production start: ${production.length} project modules, ${production.filter(fromSandbox).length} from sandbox/; demo start: ${demo.filter(fromSandbox).length} from sandbox/`);
    expect(production).toContain('server/main.ts');
    expect(production).toContain('server/http/app.ts');
    expect(production.filter(fromSandbox)).toEqual([]);
    expect(demo.filter(fromSandbox)).toEqual(expect.arrayContaining(['sandbox/demo/start.ts', 'sandbox/seed.ts']));
  });
});
