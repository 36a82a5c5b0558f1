import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
const CLI = join(REPO_ROOT, 'packages/twingraph/dist/cli/main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `twingraph` CLI as a user would (needs `npm run build` first; `npm test` does it). */
export function runCli(args: string[], options: { home: string; cwd?: string; env?: Record<string, string> }): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, TWINGRAPH_HOME: options.home, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

export interface ServeProcess {
  /** `http://127.0.0.1:<port>` from the "listening on" line. */
  base: string;
  /** What the server printed on stderr so far. */
  stderr(): string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number>;
}

/** `twingraph serve --port 0 [...args]` of the built CLI with its own home and Docker off; resolves once it listens. */
export async function startServe(home: string, args: string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, TWINGRAPH_HOME: home, TWINGRAPH_DOCKER: 'off', TWINGRAPH_LOG_LEVEL: 'warn', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number>((resolvePromise) => child.on('close', (code) => resolvePromise(code ?? -1)));
  const base = await new Promise<string>((resolvePromise, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match !== null) resolvePromise(match[1]!);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return {
    base,
    stderr: () => stderr,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export function tempHome(): { home: string; cleanup(): void } {
  const home = mkdtempSync(join(tmpdir(), 'twingraph-cli-'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}
