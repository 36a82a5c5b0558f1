import type { ErrorData } from '../errors/twingraph-error.js';
import type { NodeStatus, Platform, RunStatus } from './status.js';

interface EventBase {
  runId: string;
  /** ISO timestamp. */
  at: string;
  /** Per-run, strictly increasing: consumers order and de-duplicate by it. */
  seq: number;
}

export interface RunStartedEvent extends EventBase {
  type: 'run.started';
  pipeline: string;
}

export interface NodeStatusEvent extends EventBase {
  type: 'node.status';
  executionId: string;
  name: string;
  platform: Platform;
  status: NodeStatus;
  hash: string;
  attempt: number;
  parents: string[];
  outputs?: Record<string, unknown>;
  error?: ErrorData;
  cachedFrom?: string;
  durationMs?: number;
}

export interface NodeLogEvent extends EventBase {
  type: 'node.log';
  executionId: string;
  name: string;
  stream: 'stdout' | 'stderr' | 'system';
  line: string;
}

export interface NodeRetryEvent extends EventBase {
  type: 'node.retry';
  executionId: string;
  name: string;
  /** The attempt that failed. */
  attempt: number;
  delayMs: number;
  error: ErrorData;
}

/** Streaming components: items produced so far. */
export interface NodeProgressEvent extends EventBase {
  type: 'node.progress';
  executionId: string;
  name: string;
  items: number;
}

export interface RunFinishedEvent extends EventBase {
  type: 'run.finished';
  pipeline: string;
  status: RunStatus;
  durationMs: number;
  error?: ErrorData;
}

export type RunEvent = RunStartedEvent | NodeStatusEvent | NodeLogEvent | NodeRetryEvent | NodeProgressEvent | RunFinishedEvent;
export type RunEventType = RunEvent['type'];
