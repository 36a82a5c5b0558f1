import type { ComponentResult } from './component-result.js';
import type { StreamChannel } from './stream-channel.js';

const STREAMING_BRAND = Symbol.for('twingraph.streamingCall');

export interface ExecutionIdentity {
  executionId: string;
  hash: string;
}

/**
 * What calling a streaming (async generator) component returns: awaitable for the final result,
 * iterable for the items as they are produced, and passable as an input to another component,
 * which then starts at once and receives the items as an AsyncIterable.
 */
export class StreamingCall<T = unknown> implements PromiseLike<ComponentResult<{ items: T[] }>>, AsyncIterable<T> {
  readonly [STREAMING_BRAND] = true;

  constructor(
    /** Resolves once the execution has an id and hash (before it runs). */
    readonly started: Promise<ExecutionIdentity>,
    readonly result: Promise<ComponentResult<{ items: T[] }>>,
    readonly channel: StreamChannel<T>,
  ) {}

  then<R1 = ComponentResult<{ items: T[] }>, R2 = never>(
    onfulfilled?: ((value: ComponentResult<{ items: T[] }>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.result.then(onfulfilled, onrejected);
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.channel.iterate();
  }
}

export function isStreamingCall(value: unknown): value is StreamingCall {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[STREAMING_BRAND] === true;
}
