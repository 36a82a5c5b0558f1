import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_MAIN } from './e2e-paths.js';

export interface ServerFixtureOptions {
  /** Extra environment for `twingraph serve` (e.g. TWINGRAPH_DOCKER). */
  env?: Record<string, string>;
  /** Milliseconds to wait for /health. @defaultValue 30_000 */
  startTimeoutMs?: number;
}

export interface ServerFixture {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The temp TwinGraph home (SQLite store, workflows). */
  readonly home: string;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** SIGTERM (runs in progress are cancelled), then waits for the exit. */
  stop(): Promise<void>;
  /** Starts the server again on the same port and home (after stop()). */
  start(): Promise<void>;
  /** stop() and remove the temp home. */
  dispose(): Promise<void>;
}

/** A free loopback port (bound once, then released, so a restart can reuse it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`twingraph serve exited with ${child.exitCode} before answering /health:\n${output()}`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`twingraph serve did not answer /health within ${timeoutMs} ms:\n${output()}`);
}

/**
 * `twingraph serve` from the built CLI (`npm run build` must have run) on a free port, with a temp
 * TwinGraph home and auth off (local single-user mode), as a user would start it.
 */
export async function startServerFixture(options: ServerFixtureOptions = {}): Promise<ServerFixture> {
  const home = mkdtempSync(join(tmpdir(), 'twingraph-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    if (child !== undefined && child.exitCode === null) throw new Error('the server fixture is already running');
    const proc = spawn(process.execPath, [CLI_MAIN, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
      cwd: home,
      env: {
        ...process.env,
        TWINGRAPH_HOME: join(home, '.twingraph'),
        TWINGRAPH_AUTH: 'off',
        TWINGRAPH_LOG_LEVEL: 'warn',
        // Docker nodes run on the local runtime unless a test asks for Docker.
        TWINGRAPH_DOCKER: 'off',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout?.on('data', (chunk: Buffer) => { log += chunk.toString('utf8'); });
    proc.stderr?.on('data', (chunk: Buffer) => { log += chunk.toString('utf8'); });
    await waitForHealth(url, proc, options.startTimeoutMs ?? 30_000, () => log);
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const killer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };

  await start();
  return {
    url, port, home,
    output: () => log,
    stop, start,
    async dispose() {
      await stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
