import { spawn, type ChildProcess } from 'node:child_process';
import { LineSplitter } from './line-splitter.js';
import { missingToolError, spawnFailedError } from './runtime-errors.js';

export type OutputStream = 'stdout' | 'stderr';

export interface ProcessSpec {
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed; stdin is /dev/null when undefined. */
  stdin?: string;
  /** On abort the whole process group gets SIGTERM, then SIGKILL after `killGraceMs`; the run rejects with `signal.reason`. */
  signal: AbortSignal;
  killGraceMs: number;
  /** Called for each complete stdout/stderr line while the process runs. */
  onLine(stream: OutputStream, line: string): void;
  /** What to install when `command` cannot be found, e.g. "Python 3 (python3)". */
  install: string;
}

export interface ProcessResult {
  pid: number;
  /** Null when the process was ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
}

/** How long to wait for stdout/stderr to close once the process exited (a background child may hold them). */
const CLOSE_GRACE_MS = 1000;
const GROUPS = process.platform !== 'win32';

/**
 * Runs one process in its own process group, streaming its output line by line. Resolves when it has
 * exited and its output is consumed, whatever the exit code; rejects on abort (with the signal's reason)
 * and when the program cannot be started.
 */
export async function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  spec.signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      detached: GROUPS,
      stdio: [spec.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const stdout = new LineSplitter((line) => spec.onLine('stdout', line));
    const stderr = new LineSplitter((line) => spec.onLine('stderr', line));
    let aborted = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    let closeTimer: NodeJS.Timeout | undefined;

    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      // After an abort the SIGKILL still comes, for group members that ignored SIGTERM and left the pipes.
      if (aborted) killTimer?.unref();
      else clearTimeout(killTimer);
      clearTimeout(closeTimer);
      spec.signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void => {
      aborted = true;
      killGroup(child, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(child, 'SIGKILL'), spec.killGraceMs);
    };
    spec.signal.addEventListener('abort', onAbort, { once: true });

    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    if (child.stdin !== null) {
      child.stdin.on('error', () => {
        // EPIPE: the program exited without reading all of stdin; its exit status tells the story.
      });
      child.stdin.end(spec.stdin);
    }
    child.once('error', (error: NodeJS.ErrnoException) => {
      finish(() => reject(error.code === 'ENOENT' ? missingToolError(spec.command, spec.install, error) : spawnFailedError(spec.command, error)));
    });
    child.once('exit', () => {
      closeTimer = setTimeout(() => {
        // Something left in the group still holds stdout/stderr: end it, stop reading.
        killGroup(child, 'SIGKILL');
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, CLOSE_GRACE_MS);
    });
    child.once('close', (exitCode: number | null, signal: NodeJS.Signals | null) => {
      stdout.end();
      stderr.end();
      finish(() => {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the abort reason is passed on unchanged
        if (aborted) reject(spec.signal.reason);
        else resolve({ pid: child.pid ?? -1, exitCode, signal, durationMs: performance.now() - started });
      });
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (GROUPS) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}
