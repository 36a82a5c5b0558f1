import type { ComponentSpec, ExecutionRequest } from '../ports/executor.js';
import { LazyAbort } from './lazy-abort.js';

export interface AttemptHost {
  log(stream: 'stdout' | 'stderr' | 'system', line: string): void;
  pushItem(item: unknown): void;
}

/**
 * The ExecutionRequest of one attempt. A class rather than an object literal: literals with
 * accessors are slow to create, and this is built once per component execution. It is its own
 * lazy abort controller (one object fewer per attempt).
 */
export class AttemptRequest extends LazyAbort implements ExecutionRequest {
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
    super();
    this.emitItem = streaming ? (item: unknown) => host.pushItem(item) : undefined;
  }

  log(stream: 'stdout' | 'stderr' | 'system', line: string): void {
    this.host.log(stream, line);
  }
}
