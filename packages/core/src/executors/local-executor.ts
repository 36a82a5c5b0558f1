import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import type { ComponentContext, ExecutionOutcome, ExecutionRequest, Executor } from '../ports/executor.js';

/** A runtime for code components in one language (Python, Bash, …), plugged into the LocalExecutor. */
export interface CodeRuntime {
  readonly language: string;
  execute(request: ExecutionRequest): Promise<ExecutionOutcome>;
  /** Releases what the runtime keeps between executions (warm workers). */
  close?(): Promise<void>;
}

export interface LocalExecutorOptions {
  /** Runtimes for code components, by language. */
  runtimes?: readonly CodeRuntime[];
}

/**
 * Runs components on this machine: TS/JS functions in this process, code components through their
 * language runtime. In-process functions cannot be killed: on timeout or cancel the engine stops
 * waiting and aborts `context.signal`, which long-running functions should honour.
 */
export class LocalExecutor implements Executor {
  readonly platform = 'local' as const;
  private readonly runtimes = new Map<string, CodeRuntime>();

  constructor(options: LocalExecutorOptions = {}) {
    for (const runtime of options.runtimes ?? []) this.runtimes.set(runtime.language, runtime);
  }

  execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const { component } = request;
    if (component.fn === undefined) {
      const runtime = component.language === undefined ? undefined : this.runtimes.get(component.language);
      if (runtime === undefined) {
        return Promise.reject(new TwinGraphError(ERROR_CODES.EXECUTOR_NOT_CONFIGURED, `No local runtime for component '${component.name}' (language: ${component.language ?? 'none'})`, {
          hint: 'Give the component a function, or code in a supported language.',
          nonRetryable: true,
        }));
      }
      return runtime.execute(request);
    }
    const context = new LocalContext(request);
    let value: unknown;
    try {
      value = (component.fn as (inputs: unknown, context: ComponentContext) => unknown)(request.inputs, context);
    } catch (error) {
      return Promise.reject(error);
    }
    if (isAsyncIterable(value)) return collect(value, request).then((items) => ({ outputs: { items } }));
    if (value instanceof Promise) return value.then((outputs) => ({ outputs: outputs as Record<string, unknown> }));
    return Promise.resolve({ outputs: value as Record<string, unknown> });
  }

  async close(): Promise<void> {
    for (const runtime of this.runtimes.values()) await runtime.close?.();
  }
}

/** The context handed to an in-process function; a class so the lazy `signal` accessor costs nothing per call. */
class LocalContext implements ComponentContext {
  constructor(private readonly request: ExecutionRequest) {}

  get runId(): string {
    return this.request.runId;
  }

  get executionId(): string {
    return this.request.executionId;
  }

  get name(): string {
    return this.request.component.name;
  }

  get attempt(): number {
    return this.request.attempt;
  }

  get signal(): AbortSignal {
    return this.request.signal;
  }

  get env(): Readonly<Record<string, string>> {
    return this.request.component.env ?? {};
  }

  log(message: string): void {
    this.request.log('stdout', message);
  }
}

async function collect(iterable: AsyncIterable<unknown>, request: ExecutionRequest): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of iterable) {
    if (request.signal.aborted) throw request.signal.reason;
    items.push(item);
    request.emitItem?.(item);
  }
  return items;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function';
}
