import type { ExecutionOutcome, ExecutionRequest } from '../ports/executor.js';
import type { CodeRuntime } from '../executors/local-executor.js';
import { BuildCache } from './build-cache.js';
import { executeCodeComponent } from './component-execution.js';
import { prepareCompiledLaunch } from './compiled-launch.js';
import { resolveRuntimeOptions, type ResolvedRuntimeOptions, type RuntimeOptions } from './runtime-options.js';

/** Linked into every program: line-buffered stdout, so log lines stream while the program runs. */
const LINE_BUFFER_SOURCE = `#include <cstdio>
__attribute__((constructor)) static void twingraph_line_buffered_stdout() { std::setvbuf(stdout, nullptr, _IOLBF, 0); }
`;

/**
 * C++ components: a complete program (`int main()`) that reads the inputs JSON on stdin and prints
 * the outputs JSON object as its last JSON line on stdout (or the marker line, or writes outputs.json).
 * Compiled with g++ once per code hash into the build cache. stdout is line-buffered.
 */
export class CppRuntime implements CodeRuntime {
  readonly language = 'cpp';
  private readonly options: ResolvedRuntimeOptions;
  private readonly cache: BuildCache;

  constructor(options: RuntimeOptions = {}) {
    this.options = resolveRuntimeOptions(options);
    this.cache = new BuildCache(this.options.cacheDir);
  }

  execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const { cxx, cxxFlags } = this.options;
    return executeCodeComponent(request, this.options, (context) =>
      prepareCompiledLaunch(
        this.cache,
        {
          language: 'cpp',
          compiler: cxx,
          install: `a C++ compiler (${cxx}; e.g. apt-get install g++)`,
          sources: { 'component.cpp': context.code, 'twingraph_line_buffer.cpp': LINE_BUFFER_SOURCE },
          args: (output) => [...cxxFlags, '-o', output, 'component.cpp', 'twingraph_line_buffer.cpp'],
        },
        context,
      ),
    );
  }
}
