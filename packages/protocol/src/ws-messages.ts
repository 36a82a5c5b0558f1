import { z } from 'zod';
import type { ErrorData, NodeLogEvent, NodeRetryEvent, NodeStatusEvent, RunFinishedEvent } from '@twingraph/model';
import type { ApiError } from './error-dto.js';

/**
 * Client → server on `/ws`. Subscribe to one execution (`executionId`) or to every execution
 * (`all: true`). `resumeFrom` is the last event id the client saw: the server first replays the
 * buffered events after it that match the subscription, then streams live ones, with no gap.
 */
export const wsClientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('subscribe'),
    executionId: z.string().min(1).optional(),
    all: z.literal(true).optional(),
    resumeFrom: z.number().int().min(0).optional(),
  }),
  z.strictObject({
    type: z.literal('unsubscribe'),
    executionId: z.string().min(1).optional(),
    all: z.literal(true).optional(),
  }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type WsClientMessage = z.infer<typeof wsClientMessageSchema>;

interface WsEventBase {
  /** Server-wide, strictly increasing; use it as `resumeFrom` after a reconnect. */
  id: number;
  /** The execution (run id) the event belongs to. */
  executionId: string;
  at: string;
}

// Event payloads are the engine's events (packages/model types/events.ts) with API names: the run id is
// `executionId` on the wire and a component execution's id is `nodeExecutionId`.

export interface WsExecutionUpdate extends WsEventBase, Partial<Pick<RunFinishedEvent, 'durationMs' | 'error'>> {
  type: 'execution:update';
  pipeline: string;
  status: RunFinishedEvent['status'];
}

export interface WsNodeStatus
  extends WsEventBase, Pick<NodeStatusEvent, 'name' | 'platform' | 'status' | 'hash' | 'attempt' | 'parents' | 'outputs' | 'error' | 'durationMs'> {
  type: 'node:status';
  nodeExecutionId: string;
}

export interface WsNodeLog extends WsEventBase, Pick<NodeLogEvent, 'name' | 'stream' | 'line'> {
  type: 'node:log';
  nodeExecutionId: string;
}

export interface WsNodeRetry extends WsEventBase, Pick<NodeRetryEvent, 'name' | 'attempt' | 'delayMs' | 'error'> {
  type: 'node:retry';
  nodeExecutionId: string;
}

/** A component or run failure, pushed besides its status event so monitors need not diff statuses. */
export interface WsEventError extends WsEventBase {
  type: 'error';
  nodeExecutionId?: string;
  error: ErrorData;
}

/**
 * The execution's lineage graph is complete in the store: sent when the run finishes, after its records
 * are committed and before the final `execution:update`, so a client may fetch the graph on it.
 */
export interface WsGraphUpdate extends WsEventBase {
  type: 'graph:update';
}

/** The events a subscription receives, all with ids. */
export type WsEvent = WsExecutionUpdate | WsNodeStatus | WsNodeLog | WsNodeRetry | WsEventError | WsGraphUpdate;

/** Replies to the client's own messages (no event id): acknowledgements and protocol errors. */
export type WsControlMessage =
  | { type: 'subscribed'; executionId?: string; all?: true; replayed: number; lastEventId: number }
  | { type: 'unsubscribed'; executionId?: string; all?: true }
  | { type: 'pong'; lastEventId: number }
  | { type: 'error'; error: ApiError };

export type WsServerMessage = WsEvent | WsControlMessage;
