import type { ExecutionOutcome, ExecutionRequest } from '../ports/executor.js';
import type { CodeRuntime } from '../executors/local-executor.js';
import { BuildCache } from './build-cache.js';
import { executeCodeComponent } from './component-execution.js';
import { prepareCompiledLaunch } from './compiled-launch.js';
import { resolveRuntimeOptions, type ResolvedRuntimeOptions, type RuntimeOptions } from './runtime-options.js';

/**
 * Rust components: a complete program (`fn main()`, std only, no crates) that reads the inputs JSON on
 * stdin and prints the outputs JSON object as its last JSON line on stdout (or the marker line, or
 * writes outputs.json). Compiled with plain rustc once per code hash into the build cache.
 */
export class RustRuntime implements CodeRuntime {
  readonly language = 'rust';
  private readonly options: ResolvedRuntimeOptions;
  private readonly cache: BuildCache;

  constructor(options: RuntimeOptions = {}) {
    this.options = resolveRuntimeOptions(options);
    this.cache = new BuildCache(this.options.cacheDir);
  }

  execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const { rustc, rustcFlags } = this.options;
    return executeCodeComponent(request, this.options, (context) =>
      prepareCompiledLaunch(
        this.cache,
        {
          language: 'rust',
          compiler: rustc,
          install: `the Rust compiler (${rustc}; e.g. via https://rustup.rs)`,
          sources: { 'component.rs': context.code },
          args: (output) => [...rustcFlags, '--crate-name', 'component', '-o', output, 'component.rs'],
        },
        context,
      ),
    );
  }
}
