import type { ErrorData } from '../errors/twingraph-error.js';
import type { NodeStatus, Platform, RunStatus } from './status.js';

export interface RunRecord {
  runId: string;
  pipeline: string;
  /** Hash of the pipeline definition. */
  version: string;
  status: RunStatus;
  startedAt: string;
  completedAt?: string;
  /** Where the definition came from (file path, workflow id), for resume. */
  source?: string;
  inputs?: unknown;
  result?: unknown;
  error?: ErrorData;
  labels?: Record<string, string>;
}

export interface AttemptRecord {
  attempt: number;
  startedAt: string;
  completedAt?: string;
  status: NodeStatus;
  error?: ErrorData;
}

/** The run store's view of one component execution: status, attempts and results. */
export interface NodeRecord {
  executionId: string;
  runId: string;
  name: string;
  hash: string;
  platform: Platform;
  status: NodeStatus;
  parents: string[];
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  error?: ErrorData;
  attempts: AttemptRecord[];
  startedAt?: string;
  completedAt?: string;
  cachedFrom?: string;
}

export interface LogRecord {
  runId: string;
  executionId: string;
  stream: 'stdout' | 'stderr' | 'system';
  line: string;
  at: string;
  /** Per-run sequence, assigned by the store. */
  seq?: number;
}

export type RunStoreWrite =
  | { kind: 'run'; run: RunRecord }
  | { kind: 'node'; node: NodeRecord }
  | { kind: 'log'; log: LogRecord };

export interface RunQuery {
  pipeline?: string;
  status?: RunStatus;
  /** @defaultValue 50 */
  limit?: number;
  offset?: number;
}

export interface LogQuery {
  executionId?: string;
  /** Only logs with seq greater than this. */
  afterSeq?: number;
  /** @defaultValue 1000 */
  limit?: number;
}
