import type { NodeRecord, RunStatus } from '@twingraph/model';
import type { ExecutionDetailDto } from '@twingraph/client';
import type { WsEvent } from '@twingraph/protocol';

/** What the execution page shows: the REST snapshot with the WebSocket events applied on top. */
export interface LiveExecution {
  detail: ExecutionDetailDto;
  /** Retries seen live, by node execution id. */
  retries: Record<string, number>;
}

export function fromSnapshot(detail: ExecutionDetailDto): LiveExecution {
  return { detail, retries: {} };
}

/**
 * Applies one event. Events only move state forward, so replays after a reconnect (or events that the
 * snapshot already contains) change nothing; the next REST snapshot replaces everything anyway.
 */
export function applyEvent(state: LiveExecution, event: WsEvent): LiveExecution {
  if (event.executionId !== state.detail.runId) return state;
  switch (event.type) {
    case 'execution:update': {
      const status: RunStatus = event.status;
      if (state.detail.status !== 'running' && status === 'running') return state;
      return {
        ...state,
        detail: {
          ...state.detail,
          status,
          ...(status === 'running' ? {} : { completedAt: state.detail.completedAt ?? event.at, active: false }),
          ...(event.error === undefined ? {} : { error: event.error }),
        },
      };
    }
    case 'node:status': {
      const nodes = [...state.detail.nodes];
      const index = nodes.findIndex((n) => n.executionId === event.nodeExecutionId);
      const previous = index >= 0 ? nodes[index] : undefined;
      // A final status never goes back: an older event (replayed, or behind the snapshot) is ignored.
      if (previous !== undefined && isFinal(previous.status) && (!isFinal(event.status) || previous.status === event.status)) return state;
      const next: NodeRecord = {
        executionId: event.nodeExecutionId,
        runId: event.executionId,
        name: event.name,
        hash: event.hash,
        platform: event.platform,
        parents: event.parents,
        attempts: previous?.attempts ?? [],
        ...previous,
        status: event.status,
        ...(event.status === 'running' && previous?.startedAt === undefined ? { startedAt: event.at } : {}),
        ...(isFinal(event.status) ? { completedAt: previous?.completedAt ?? event.at } : {}),
        ...(event.outputs === undefined ? {} : { outputs: event.outputs }),
        ...(event.error === undefined ? {} : { error: event.error }),
      };
      if (next.startedAt === undefined && isFinal(event.status)) next.startedAt = event.durationMs === undefined ? event.at : new Date(Date.parse(event.at) - event.durationMs).toISOString();
      if (index >= 0) nodes[index] = next;
      else nodes.push(next);
      return { ...state, detail: { ...state.detail, nodes } };
    }
    case 'node:retry':
      return { ...state, retries: { ...state.retries, [event.nodeExecutionId]: event.attempt } };
    default:
      return state;
  }
}

export function isFinal(status: string): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'skipped' || status === 'cached' || status === 'cancelled';
}

/** Counts of node statuses, for the header progress. */
export function statusCounts(nodes: readonly NodeRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const node of nodes) counts[node.status] = (counts[node.status] ?? 0) + 1;
  return counts;
}
