import { z } from 'zod';
import type { ErrorData, NodeStatus, Platform, RunStatus } from '@twingraph/model';
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

export interface WsExecutionUpdate extends WsEventBase {
  type: 'execution:update';
  pipeline: string;
  status: RunStatus;
  durationMs?: number;
  error?: ErrorData;
}

export interface WsNodeStatus extends WsEventBase {
  type: 'node:status';
  nodeExecutionId: string;
  name: string;
  platform: Platform;
  status: NodeStatus;
  hash: string;
  attempt: number;
  parents: string[];
  outputs?: Record<string, unknown>;
  error?: ErrorData;
  durationMs?: number;
}

export interface WsNodeLog extends WsEventBase {
  type: 'node:log';
  nodeExecutionId: string;
  name: string;
  stream: 'stdout' | 'stderr' | 'system';
  line: string;
}

export interface WsNodeRetry extends WsEventBase {
  type: 'node:retry';
  nodeExecutionId: string;
  name: string;
  attempt: number;
  delayMs: number;
  error: ErrorData;
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
