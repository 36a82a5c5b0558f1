import type { ComponentSpec, ExecutionRequest } from '../ports/executor.js';
import { LazyAbort } from './lazy-abort.js';

export interface AttemptHost {
  log(stream: 'stdout' | 'stderr' | 'system', line: string): void;
  pushItem(item: unknown): void;
}

/**
 * The ExecutionRequest of one attempt. A class rather than an object literal: literals with
 * accessors are slow to create, and this is built once per component execution.
 */
export class AttemptRequest implements ExecutionRequest {
  readonly abortControl = new LazyAbort();
  readonly emitItem: ((item: unknown) => void) | undefined;

  constructor(
    readonly runId: string,
    readonly executionId: string,
    readonly attempt: number,
    readonly component: ComponentSpec,
    readonly inputs: Record<string, unknown>,
    readonly timeoutMs: number | undefined,
    private readonly host: AttemptHost,
    streaming: boolean,
  ) {
    this.emitItem = streaming ? (item: unknown) => host.pushItem(item) : undefined;
  }

  get signal(): AbortSignal {
    return this.abortControl.signal;
  }

  log(stream: 'stdout' | 'stderr' | 'system', line: string): void {
    this.host.log(stream, line);
  }
}
