// Helpers for the runtime tests (excluded from the build by the *.test-support.ts pattern).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionRequest } from '../ports/executor.js';

export interface LogEntry {
  stream: 'stdout' | 'stderr' | 'system';
  line: string;
  /** performance.now() when the line arrived. */
  at: number;
}

export interface TestRequest {
  request: ExecutionRequest;
  logs: LogEntry[];
  controller: AbortController;
  /** Log lines of one stream (all streams when omitted). */
  lines(stream?: LogEntry['stream']): string[];
}

export interface TestRequestOptions {
  inputs?: Record<string, unknown>;
  env?: Record<string, string>;
  name?: string;
  /** Called for every log line, after it is recorded. */
  onLog?(entry: LogEntry, controller: AbortController): void;
}

let counter = 0;

export function testRequest(language: string, code: string, options: TestRequestOptions = {}): TestRequest {
  const controller = new AbortController();
  const logs: LogEntry[] = [];
  counter += 1;
  const request: ExecutionRequest = {
    runId: 'run-test',
    executionId: `exec-${counter}`,
    attempt: 1,
    component: {
      name: options.name ?? `${language}-component`,
      platform: 'local',
      codeHash: `hash-${counter}`,
      language: language as never,
      code,
      ...(options.env === undefined ? {} : { env: options.env }),
    },
    inputs: options.inputs ?? {},
    signal: controller.signal,
    log(stream, line) {
      const entry = { stream, line, at: performance.now() };
      logs.push(entry);
      options.onLog?.(entry, controller);
    },
  };
  return { request, logs, controller, lines: (stream) => logs.filter((entry) => stream === undefined || entry.stream === stream).map((entry) => entry.line) };
}

/** Aborts the request (with `reason`) as soon as the component logs `pid=<n>` lines; collects the pids. */
export function abortOnPid(reason: unknown, pids: number[]): TestRequestOptions['onLog'] {
  return (entry, controller) => {
    for (const match of entry.line.matchAll(/pid=(\d+)/g)) pids.push(Number(match[1]));
    if (pids.length > 0 && !controller.signal.aborted) controller.abort(reason);
  };
}

/** True when no process has this pid (a zombie awaiting its reaper counts as gone). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

export async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

const tempDirs: string[] = [];

/** A fresh temp dir, removed by `removeTempDirs()` (call it in afterAll). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `twingraph-test-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Inputs that must survive every language boundary unchanged. */
export function roundTripInputs(): Record<string, unknown> {
  return {
    text: 'héllo wörld ✓ 日本語 😀 "quoted" back\\slash\nnew line\ttab',
    nested: { a: { b: [1, 2.5, -3e-7, { c: null }], d: true, e: false }, empty: {}, list: [] },
    nothing: null,
    yes: true,
    no: false,
    big: Array.from({ length: 100_000 }, (_, i) => i * 1.5),
  };
}
