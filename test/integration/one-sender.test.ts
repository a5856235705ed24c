/**
 * One process sends a database's writes: a second server on the same SQLite file refuses to
 * start with a clear message (it would send every write again), and takes over at once when the
 * first is gone, even after `kill -9`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreInUseError } from '../../server/store/port';
import { openStore } from '../../server/store/sqlite/index';

const root = fileURLToPath(new URL('../../', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'one-sender-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A production server on `databasePath`; resolves once it listens or exits. */
function startServer(databasePath: string): Promise<{ child: ChildProcess; listening: boolean; output: string; exitCode: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      DATABASE_PATH: databasePath,
      GHL_TOKEN: 'pit-token-of-the-one-sender-test',
      GHL_LOCATION_ID: 've9EPM428h8vShlRW1KT',
      GHL_API_BASE: 'http://127.0.0.1:9',
      TRENGO_TOKEN: 'trengo-token-of-the-one-sender-test',
      TRENGO_API_BASE: 'http://127.0.0.1:9',
      TRENGO_APP_SECRET: 'an-app-secret-of-enough-length',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server neither listened nor exited within 30 s:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve({ child, listening: true, output, exitCode: null });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ child, listening: false, output, exitCode: code });
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('one sender per database file', () => {
  it('refuses a second store on the same file in one process, and allows it once the first is closed', () => {
    const path = join(folder, 'in-process.db');
    const first = openStore(path);
    expect(() => openStore(path)).toThrow(StoreInUseError);
    first.close();
    openStore(path).close();
  });

  it('stops a second server with a message naming the file and what to do, and lets the next take over after kill -9', async () => {
    const path = join(folder, 'servers.db');
    const held = openStore(path);
    const refused = await startServer(path);
    held.close();
    expect(refused.listening).toBe(false);
    expect(refused.exitCode).toBe(1);
    expect(refused.output).toContain(`Another server process is using the database ${path}`);
    expect(refused.output).toContain('DATABASE_PATH');

    const running = await startServer(path);
    expect(running.listening).toBe(true);
    expect(() => openStore(path)).toThrow(StoreInUseError);
    running.child.kill('SIGKILL');
    await exited(running.child);
    openStore(path).close();
  });
});
