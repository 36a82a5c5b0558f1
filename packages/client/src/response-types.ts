import type { ComponentVertex, LineageGraph, LogRecord, NodeRecord, RunRecord } from '@twingraph/model';

// Response shapes of the routes whose bodies are model records (see docs/api.md); the request
// schemas and the other DTOs come from @twingraph/protocol.

/** `GET /api/executions`. */
export interface ExecutionListDto {
  items: RunRecord[];
  limit: number;
  offset: number;
}

/** `GET /api/executions/:id`: the run record, whether this server is running it, and its nodes. */
export interface ExecutionDetailDto extends RunRecord {
  active: boolean;
  nodes: NodeRecord[];
}

/** `GET /api/executions/:id/logs`. */
export interface LogPageDto {
  items: LogRecord[];
  /** Pass back as `afterSeq` for the next page. */
  nextAfterSeq: number;
  /** True when the page was full: more lines may follow right away. */
  more: boolean;
}

/** `GET /api/graph/component/:hash`. */
export interface ComponentLineageDto {
  /** Executions with that hash (or the one with that execution id), newest first. */
  executions: ComponentVertex[];
  upstream: LineageGraph;
  downstream: LineageGraph;
}

export interface HealthCheckDto {
  status: 'ok' | 'fail' | 'off';
  latencyMs?: number;
  error?: string;
}

/** `GET /health` (200 or 503: both resolve). */
export interface HealthDto {
  status: 'ok' | 'fail';
  checks: Record<'store' | 'graph' | 'workflows' | 'queue', HealthCheckDto>;
}
