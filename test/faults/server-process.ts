/**
 * The server as production runs it: its own process (`node --import tsx server/main.ts`) with
 * settings from the environment, killed with SIGKILL and started again on the same database
 * file and port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A free loopback port, to keep for the whole run. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  /** Resolves once a server answers (at once while one runs). */
  ready(): Promise<void>;
  /** SIGKILL, then the same command again on the same database and port; resolves when it listens. */
  killAndRestart(): Promise<void>;
  /** SIGKILL without a restart. */
  kill(): Promise<void>;
  /** How many times it was killed with SIGKILL and started again. */
  kills(): number;
  /** The last lines it wrote, for a failure message. */
  output(): string;
}

/** Starts `server/main.ts` with `env` (merged over a bare PATH) and waits until it listens. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = env.PORT;
  if (!port) throw new Error('The server process needs a fixed PORT, to come back on the same one');
  const url = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  let child: ChildProcess | null = null;
  let starting: Promise<void> = Promise.resolve();
  let kills = 0;

  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };

  function launch(): Promise<void> {
    const started = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    return new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`The server did not listen within 30 s:\n${output}`)), 30_000);
      const read = (chunk: Buffer) => {
        keep(chunk);
        if (output.length < 20_000) output += chunk.toString();
        if (/listening on/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      started.stdout?.on('data', read);
      started.stderr?.on('data', read);
      started.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`The server exited (${code ?? signal}) before it listened:\n${output}`));
      });
    });
  }

  async function kill(): Promise<void> {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL');
    await exited;
  }

  starting = launch();
  await starting;

  return {
    url,
    ready: () => starting,
    async killAndRestart() {
      // Callers that find no server wait on this until the new one listens.
      starting = (async () => {
        await kill();
        kills += 1;
        await launch();
      })();
      await starting;
    },
    kill,
    kills: () => kills,
    output: () => lines.join('\n'),
  };
}
