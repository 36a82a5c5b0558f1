import { availableParallelism, homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options shared by every code runtime; `resolveRuntimeOptions()` fills the defaults once. */
export interface RuntimeOptions {
  /**
   * Base folder of the per-execution work dirs (one fresh dir per execution, removed afterwards).
   * @defaultValue `join(os.tmpdir(), 'twingraph-work')`
   */
  workDir?: string;
  /**
   * Where compiled C++/Rust programs are kept, one binary per code hash.
   * @defaultValue `$XDG_CACHE_HOME/twingraph/build`, else `~/.cache/twingraph/build`, else `join(os.tmpdir(), 'twingraph-build')`
   */
  cacheDir?: string;
  /** Python interpreter (name on PATH or path). @defaultValue `'python3'` */
  python?: string;
  /** Bash (name on PATH or path). @defaultValue `'bash'` */
  bash?: string;
  /** Node.js binary for JavaScript/TypeScript components. @defaultValue `process.execPath` (this Node) */
  node?: string;
  /** C++ compiler. @defaultValue `'g++'` */
  cxx?: string;
  /** Rust compiler. @defaultValue `'rustc'` */
  rustc?: string;
  /** Extra C++ compiler flags (part of the build cache key). @defaultValue `['-std=c++17', '-O2']` */
  cxxFlags?: readonly string[];
  /** Extra rustc flags (part of the build cache key). @defaultValue `['--edition', '2021', '-O']` */
  rustcFlags?: readonly string[];
  /**
   * Which variables of this process's environment the component sees: all (`true`), none (`false`)
   * or the listed names. `component.env` and the TWINGRAPH_* variables are always added.
   * @defaultValue `true`
   */
  inheritEnv?: boolean | readonly string[];
  /** Variables added to every component's environment (before `component.env`). @defaultValue `{}` */
  env?: Readonly<Record<string, string>>;
  /** Milliseconds between SIGTERM and SIGKILL when an execution is aborted. @defaultValue `2000` */
  killGraceMs?: number;
  /** Inputs JSON up to this many bytes is also passed in env TWINGRAPH_INPUTS. @defaultValue `65536` */
  inlineInputsLimit?: number;
  /** Keep work dirs after the execution (debugging). @defaultValue `false` */
  keepWorkDir?: boolean;
  /**
   * How JavaScript/TypeScript components run. `'worker'`: warm worker threads of this process (a
   * module loads once, each execution is a call; ~0.1 ms instead of a ~50 ms Node start). `'process'`:
   * a child `node` per execution (own work dir and environment; survives native crashes).
   * Code without a `process(inputs)` function always runs as a process.
   * @defaultValue `'worker'`
   */
  isolation?: 'process' | 'worker';
  /** Most warm workers per runtime (`isolation: 'worker'`). @defaultValue `min(os.availableParallelism(), 8)` */
  workers?: number;
  /** Most executions sent to a worker in one message when they queue up. @defaultValue `32` */
  workerBatch?: number;
}

export interface ResolvedRuntimeOptions {
  readonly workDir: string;
  readonly cacheDir: string;
  readonly python: string;
  readonly bash: string;
  readonly node: string;
  readonly cxx: string;
  readonly rustc: string;
  readonly cxxFlags: readonly string[];
  readonly rustcFlags: readonly string[];
  readonly inheritEnv: boolean | readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly killGraceMs: number;
  readonly inlineInputsLimit: number;
  readonly keepWorkDir: boolean;
  readonly isolation: 'process' | 'worker';
  readonly workers: number;
  readonly workerBatch: number;
}

export function resolveRuntimeOptions(options: RuntimeOptions = {}): ResolvedRuntimeOptions {
  return {
    workDir: options.workDir ?? join(tmpdir(), 'twingraph-work'),
    cacheDir: options.cacheDir ?? defaultCacheDir(),
    python: options.python ?? 'python3',
    bash: options.bash ?? 'bash',
    node: options.node ?? process.execPath,
    cxx: options.cxx ?? 'g++',
    rustc: options.rustc ?? 'rustc',
    cxxFlags: options.cxxFlags ?? ['-std=c++17', '-O2'],
    rustcFlags: options.rustcFlags ?? ['--edition', '2021', '-O'],
    inheritEnv: options.inheritEnv ?? true,
    env: options.env ?? {},
    killGraceMs: options.killGraceMs ?? 2000,
    inlineInputsLimit: options.inlineInputsLimit ?? 64 * 1024,
    keepWorkDir: options.keepWorkDir ?? false,
    isolation: options.isolation ?? 'worker',
    workers: options.workers ?? Math.max(1, Math.min(availableParallelism(), 8)),
    workerBatch: options.workerBatch ?? 32,
  };
}

function defaultCacheDir(): string {
  const xdg = process.env['XDG_CACHE_HOME'];
  if (xdg !== undefined && xdg !== '') return join(xdg, 'twingraph', 'build');
  let home = '';
  try {
    home = homedir();
  } catch {
    // No home directory (some containers): fall back to the temp dir.
  }
  return home === '' ? join(tmpdir(), 'twingraph-build') : join(home, '.cache', 'twingraph', 'build');
}
