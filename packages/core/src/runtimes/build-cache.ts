import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutionRequest } from '../ports/executor.js';
import { runProcess } from './process-runner.js';
import { compileFailedError } from './runtime-errors.js';

/** How to compile one program. Everything here is part of the cache key. */
export interface BuildSpec {
  language: string;
  compiler: string;
  /** What to install when the compiler is missing. */
  install: string;
  /** Files written into an empty build dir (the compiler's cwd), by name. */
  sources: Readonly<Record<string, string>>;
  /** Compiler arguments; `output` is the binary to produce, relative to the build dir. */
  args(output: string): string[];
}

export interface Build {
  path: string;
  /** False when this call ran the compiler. */
  cached: boolean;
}

/**
 * Compiled programs in a directory, one per hash of (language, compiler, arguments, sources): a
 * program is compiled once and reused by later executions and processes. Concurrent requests for the
 * same program share one compile; a compile is not stopped when a waiting execution is aborted (it
 * finishes into the cache), so an abort only stops the wait.
 */
export class BuildCache {
  private readonly building = new Map<string, Promise<string>>();

  constructor(private readonly dir: string) {}

  async get(spec: BuildSpec, request: ExecutionRequest): Promise<Build> {
    const path = join(this.dir, `${spec.language}-${buildKey(spec)}${process.platform === 'win32' ? '.exe' : ''}`);
    if (await isExecutable(path)) return { path, cached: true };
    let build = this.building.get(path);
    if (build === undefined) {
      build = this.compile(spec, path, request).finally(() => this.building.delete(path));
      this.building.set(path, build);
    }
    return { path: await untilAborted(build, request.signal), cached: false };
  }

  private async compile(spec: BuildSpec, path: string, request: ExecutionRequest): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const buildDir = await mkdtemp(join(this.dir, 'tmp-'));
    try {
      await Promise.all(Object.entries(spec.sources).map(([name, text]) => writeFile(join(buildDir, name), text)));
      request.log('system', `compiling ${spec.language} with ${spec.compiler} (once per code hash)`);
      const output: string[] = [];
      const started = performance.now();
      const result = await runProcess({
        command: spec.compiler,
        args: spec.args('program'),
        cwd: buildDir,
        env: process.env,
        signal: new AbortController().signal,
        killGraceMs: 2000,
        onLine: (_stream, line) => output.push(line),
        install: spec.install,
      });
      if (result.exitCode !== 0) throw compileFailedError(request.component.name, spec.compiler, result.exitCode, output);
      for (const line of output) request.log('system', `${spec.compiler}: ${line}`);
      request.log('system', `compiled in ${Math.round(performance.now() - started)} ms`);
      // Atomic: a concurrent compile of the same code in another process just replaces an identical file.
      await rename(join(buildDir, 'program'), path);
      return path;
    } finally {
      await rm(buildDir, { recursive: true, force: true });
    }
  }
}

function buildKey(spec: BuildSpec): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([spec.language, spec.compiler, spec.args('program'), Object.entries(spec.sources).sort()]));
  return hash.digest('hex').slice(0, 32);
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Settles like `promise`, or rejects with the abort reason (as given, per the Executor contract) first. */
async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the abort reason is passed on unchanged
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
