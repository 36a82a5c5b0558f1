import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import type { ExecutionOutcome, ExecutionRequest } from '../ports/executor.js';
import type { CodeRuntime } from '../executors/local-executor.js';
import { executeCodeComponent } from './component-execution.js';
import { withProcessExport } from './javascript-harness.js';
import { JavaScriptWorkerIsolation } from './javascript-worker-isolation.js';
import { prepareNodeLaunch } from './node-launch.js';
import { resolveRuntimeOptions, type ResolvedRuntimeOptions, type RuntimeOptions } from './runtime-options.js';

/**
 * TypeScript components (warm in worker threads by default, like JavaScript): types are stripped with esbuild's `transform` (no type check, no build step),
 * then the code runs like a JavaScript component, with source maps so stack traces point at the TS.
 */
export class TypeScriptRuntime implements CodeRuntime {
  readonly language = 'typescript';
  private readonly options: ResolvedRuntimeOptions;
  private readonly warm: JavaScriptWorkerIsolation | undefined;

  constructor(options: RuntimeOptions = {}) {
    this.options = resolveRuntimeOptions(options);
    // Warm workers have no per-execution --enable-source-maps: their stack traces point at the stripped JavaScript.
    this.warm = this.options.isolation === 'worker' ? new JavaScriptWorkerIsolation(this.options, stripTypes) : undefined;
  }

  execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    return this.warm === undefined ? this.inProcess(request) : this.warm.execute(request, (r) => this.inProcess(r));
  }

  /** Stops the warm workers. */
  async close(): Promise<void> {
    await this.warm?.close();
  }

  private inProcess(request: ExecutionRequest): Promise<ExecutionOutcome> {
    return executeCodeComponent(request, this.options, async ({ workDir, code }) =>
      prepareNodeLaunch(this.options, workDir, await stripTypes(request.component.name, withProcessExport(code)), ['--enable-source-maps']),
    );
  }
}

/** Strips TypeScript types (esbuild `transform`, no type check) into an ES module with an inline source map. */
export async function stripTypes(component: string, code: string): Promise<string> {
  // Loaded on first use: esbuild starts a helper process, which only TypeScript components need.
  const { transform } = await import('esbuild');
  try {
    const result = await transform(code, { loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'inline', sourcefile: 'component.ts' });
    return result.code;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `TypeScript code of component '${component}' does not parse: ${message}`, {
      hint: 'Fix the syntax error shown above.',
      nonRetryable: true,
      cause: error,
    });
  }
}
