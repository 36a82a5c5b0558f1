import type { Engine } from '@twingraph/core';
import type { RunEvent } from '@twingraph/model';
import type { WsEvent } from '@twingraph/protocol';

/** Distributive Omit: keeps each member of the WsEvent union apart. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export type HubListener = (event: WsEvent) => void;

/**
 * Turns engine events into WebSocket events with a server-wide increasing id, in the order the
 * engine emitted them, and keeps the last `capacity` for `resumeFrom` replays.
 */
export class EventHub {
  private readonly buffer: WsEvent[] = [];
  private nextId = 1;
  private readonly listeners = new Set<HubListener>();
  private readonly unsubscribe: () => void;

  constructor(engine: Engine, private readonly capacity: number) {
    this.unsubscribe = engine.on((event) => this.onRunEvent(event));
  }

  /** Id of the newest event; 0 before the first. */
  get lastId(): number {
    return this.nextId - 1;
  }

  /** Id of the oldest event still buffered; lastId + 1 when empty. */
  get oldestId(): number {
    return this.buffer[0]?.id ?? this.nextId;
  }

  on(listener: HubListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Buffered events after `afterId`; undefined when some of them were already dropped from the buffer
   * (the caller reports a gap instead of pretending the replay is complete).
   */
  since(afterId: number): WsEvent[] | undefined {
    if (afterId >= this.lastId) return [];
    if (afterId + 1 < this.oldestId) return undefined;
    // Ids are contiguous in the buffer, so the start index is arithmetic.
    return this.buffer.slice(afterId + 1 - this.oldestId);
  }

  /** Adds an event of a run another server instance drives (see RedisCluster), in its order. */
  ingest(event: RunEvent): void {
    this.onRunEvent(event);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private onRunEvent(event: RunEvent): void {
    for (const message of toWsEvents(event)) this.publish(message);
  }

  private publish(message: WithoutId<WsEvent>): void {
    const event: WsEvent = { ...message, id: this.nextId++ };
    this.buffer.push(event);
    if (this.buffer.length > this.capacity) this.buffer.shift();
    for (const listener of this.listeners) listener(event);
  }
}

function toWsEvents(event: RunEvent): Array<WithoutId<WsEvent>> {
  const base = { executionId: event.runId, at: event.at };
  switch (event.type) {
    case 'run.started':
      return [{ ...base, type: 'execution:update', pipeline: event.pipeline, status: 'running' }];
    case 'run.finished': {
      const update: WithoutId<WsEvent> = {
        ...base, type: 'execution:update', pipeline: event.pipeline, status: event.status, durationMs: event.durationMs,
        ...(event.error === undefined ? {} : { error: event.error }),
      };
      // run.finished is emitted after the session flushed its records, so the graph is readable now.
      const graph: WithoutId<WsEvent> = { ...base, type: 'graph:update' };
      return event.error === undefined || event.status === 'succeeded' ? [graph, update] : [{ ...base, type: 'error', error: event.error }, graph, update];
    }
    case 'node.status': {
      const status: WithoutId<WsEvent> = {
        ...base, type: 'node:status', nodeExecutionId: event.executionId, name: event.name, platform: event.platform, status: event.status,
        hash: event.hash, attempt: event.attempt, parents: event.parents,
        ...(event.outputs === undefined ? {} : { outputs: event.outputs }),
        ...(event.error === undefined ? {} : { error: event.error }),
        ...(event.durationMs === undefined ? {} : { durationMs: event.durationMs }),
      };
      return event.status === 'failed' && event.error !== undefined
        ? [status, { ...base, type: 'error', nodeExecutionId: event.executionId, error: event.error }]
        : [status];
    }
    case 'node.log':
      return [{ ...base, type: 'node:log', nodeExecutionId: event.executionId, name: event.name, stream: event.stream, line: event.line }];
    case 'node.retry':
      return [{ ...base, type: 'node:retry', nodeExecutionId: event.executionId, name: event.name, attempt: event.attempt, delayMs: event.delayMs, error: event.error }];
    case 'node.progress':
      // Item counts of streaming components are not part of the WebSocket protocol yet.
      return [];
  }
}
