import type { ExecutionOutcome, ExecutionRequest } from '../ports/executor.js';
import type { CodeRuntime } from '../executors/local-executor.js';
import { executeCodeComponent } from './component-execution.js';
import { withProcessExport } from './javascript-harness.js';
import { JavaScriptWorkerIsolation } from './javascript-worker-isolation.js';
import { prepareNodeLaunch } from './node-launch.js';
import { resolveRuntimeOptions, type ResolvedRuntimeOptions, type RuntimeOptions } from './runtime-options.js';

/**
 * JavaScript components. The code defines `function process(inputs)` or `export function
 * process(inputs)` (may be async) returning the outputs object; `require` is available. By default
 * (`isolation: 'worker'`) it runs warm in worker threads; with `isolation: 'process'`, or when the
 * code has no `process` function, as an ES module in a child `node` process.
 */
export class JavaScriptRuntime implements CodeRuntime {
  readonly language = 'javascript';
  private readonly options: ResolvedRuntimeOptions;
  private readonly warm: JavaScriptWorkerIsolation | undefined;

  constructor(options: RuntimeOptions = {}) {
    this.options = resolveRuntimeOptions(options);
    this.warm = this.options.isolation === 'worker' ? new JavaScriptWorkerIsolation(this.options, (_name, code) => Promise.resolve(code)) : undefined;
  }

  execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    return this.warm === undefined ? this.inProcess(request) : this.warm.execute(request, (r) => this.inProcess(r));
  }

  /** Stops the warm workers. */
  async close(): Promise<void> {
    await this.warm?.close();
  }

  private inProcess(request: ExecutionRequest): Promise<ExecutionOutcome> {
    return executeCodeComponent(request, this.options, ({ workDir, code }) => prepareNodeLaunch(this.options, workDir, withProcessExport(code)));
  }
}
