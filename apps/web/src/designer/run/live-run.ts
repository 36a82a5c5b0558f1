import { isTerminalNodeStatus } from '@twingraph/model';
import type { EventSubscription } from '@twingraph/client';
import type { WsEvent } from '@twingraph/protocol';
import { api } from '../../app/api.js';
import { toastError } from '../../app/toast-store.js';
import { useRun, type LogLine, type RunDraft } from './run-store.js';

let subscription: EventSubscription | undefined;
let pending: WsEvent[] = [];
let flushScheduled = false;

/**
 * Events arrive in bursts (a 500-node run sends thousands): they are queued and applied once per
 * animation frame in one store change, so the canvas renders at most once a frame.
 */
function queue(event: WsEvent): void {
  pending.push(event);
  if (flushScheduled) return;
  flushScheduled = true;
  requestAnimationFrame(flush);
}

function flush(): void {
  flushScheduled = false;
  const events = pending;
  pending = [];
  const executionId = useRun.getState().executionId;
  useRun.getState().batch((draft) => {
    const copiedLogs = new Set<string>();
    for (const event of events) if (event.executionId === executionId) apply(draft, event, copiedLogs);
  });
}

function apply(draft: RunDraft, event: WsEvent, copiedLogs: Set<string>): void {
  draft.lastEventId = event.id;
  switch (event.type) {
    case 'node:status': {
      const prev = draft.nodes[event.name];
      // A replayed, older event must not turn a finished node back to running.
      if (prev && prev.nodeExecutionId === event.nodeExecutionId && isTerminalNodeStatus(prev.status) && !isTerminalNodeStatus(event.status)) return;
      draft.nodes[event.name] = {
        retries: 0,
        ...prev,
        status: event.status,
        nodeExecutionId: event.nodeExecutionId,
        attempt: event.attempt,
        hash: event.hash,
        ...(event.outputs === undefined ? {} : { outputs: event.outputs }),
        ...(event.error === undefined ? {} : { error: event.error }),
        ...(event.durationMs === undefined ? {} : { durationMs: event.durationMs }),
      };
      return;
    }
    case 'node:retry': {
      const prev = draft.nodes[event.name];
      if (prev) draft.nodes[event.name] = { ...prev, retries: prev.retries + 1, attempt: event.attempt + 1 };
      return;
    }
    case 'node:log': {
      const line: LogLine = { nodeExecutionId: event.nodeExecutionId, stream: event.stream, line: event.line };
      // Copy a node's lines once per batch (the store's arrays are immutable), then append.
      if (!copiedLogs.has(event.name)) {
        draft.logs[event.name] = [...(draft.logs[event.name] ?? [])];
        copiedLogs.add(event.name);
      }
      draft.logs[event.name]!.push(line);
      return;
    }
    case 'execution:update':
      draft.status = event.status;
      draft.error = event.error?.message;
      return;
    default:
      return;
  }
}

/** Loads the run's state over REST (after a resume gap, or to show a finished run). */
export async function loadRunSnapshot(executionId: string): Promise<void> {
  const detail = await api.executions.get(executionId);
  const run = useRun.getState();
  if (run.executionId !== executionId) return;
  for (const n of detail.nodes) {
    run.setNode(n.name, {
      status: n.status,
      nodeExecutionId: n.executionId,
      attempt: Math.max(1, n.attempts.length),
      retries: Math.max(0, n.attempts.length - 1),
      hash: n.hash,
      outputs: n.outputs,
      error: n.error,
      durationMs: n.startedAt && n.completedAt ? Date.parse(n.completedAt) - Date.parse(n.startedAt) : undefined,
    });
  }
  run.setStatus(detail.status, detail.error?.message);
}

/**
 * Follows one execution over `/ws`: every event of it still in the server's buffer is replayed first
 * (`resumeFrom: 0`), then live ones; after a dropped connection the client resumes from the last id.
 */
export function followRun(executionId: string, options: { onlyNode?: string } = {}): void {
  stopFollowing();
  // A single-node run keeps the other nodes' states from the last run on the canvas.
  useRun.getState().start(executionId, options.onlyNode === undefined ? undefined : useRun.getState().executionId === undefined ? [] : [options.onlyNode]);
  subscription = api.subscribe({
    target: { executionId },
    resumeFrom: 0,
    onEvent: queue,
    onState: (state) => useRun.getState().setConnection(state === 'open' ? 'live' : state === 'reconnecting' ? 'reconnecting' : state === 'connecting' ? 'connecting' : 'idle'),
    onGap: () => {
      loadRunSnapshot(executionId).catch((error: unknown) => toastError('Could not reload the run after a connection gap', error));
    },
    onError: (error) => toastError('Live updates failed', error),
  });
}

export function stopFollowing(): void {
  subscription?.close();
  subscription = undefined;
}

/** For the e2e test of reconnects: drops the socket as a network failure would. */
export function dropLiveConnection(): void {
  subscription?.dropConnection();
}
