import { create } from 'zustand';
import type { NodeStatus, RunStatus } from '@twingraph/model';

export interface NodeRunState {
  readonly status: NodeStatus;
  /** Node execution id of the latest attempt (the lineage vertex id). */
  readonly nodeExecutionId: string;
  readonly attempt: number;
  /** node:retry events seen. */
  readonly retries: number;
  readonly hash?: string | undefined;
  readonly outputs?: Record<string, unknown> | undefined;
  readonly error?: { code?: string; message: string } | undefined;
  readonly durationMs?: number | undefined;
}

export interface LogLine {
  readonly nodeExecutionId: string;
  readonly stream: string;
  readonly line: string;
}

interface RunState {
  executionId: string | undefined;
  status: RunStatus | undefined;
  error: string | undefined;
  /** By document node id (the Component vertex name; `sub/inner` inside sub-workflows). */
  nodes: Readonly<Record<string, NodeRunState>>;
  /** Log lines by node id, newest last (capped). */
  logs: Readonly<Record<string, readonly LogLine[]>>;
  /** Last WebSocket event id, for resume after a reconnect. */
  lastEventId: number | undefined;
  /** WebSocket state shown in the run bar. */
  connection: 'idle' | 'connecting' | 'live' | 'reconnecting';
  /** Follows a new execution; `keepNodes` keeps the other nodes' last states (a single-node run). */
  start(executionId: string, keepNodes?: readonly string[]): void;
  clear(): void;
  setStatus(status: RunStatus, error?: string): void;
  setNode(id: string, patch: Partial<NodeRunState> & { status: NodeStatus; nodeExecutionId: string }): void;
  retry(id: string, attempt: number): void;
  addLogs(id: string, lines: LogLine[]): void;
  setConnection(c: RunState['connection']): void;
  seen(eventId: number): void;
  /** Applies many updates in one store change (one render), in order. */
  batch(update: (draft: RunDraft) => void): void;
}

/** Mutable copy of the run state used by batch(). */
export interface RunDraft {
  status: RunStatus | undefined;
  error: string | undefined;
  nodes: Record<string, NodeRunState>;
  logs: Record<string, LogLine[]>;
  lastEventId: number | undefined;
}

const LOG_CAP = 5000;

/** Live state of the run shown on the canvas. Node views select their own entry only. */
export const useRun = create<RunState>((set, get) => ({
  executionId: undefined,
  status: undefined,
  error: undefined,
  nodes: {},
  logs: {},
  lastEventId: undefined,
  connection: 'idle',
  start(executionId, keepNodes) {
    const { nodes, logs } = get();
    const keep = <T,>(all: Readonly<Record<string, T>>): Record<string, T> => (keepNodes === undefined ? {} : Object.fromEntries(Object.entries(all).filter(([id]) => !keepNodes.includes(id))));
    set({ executionId, status: 'running', error: undefined, nodes: keep(nodes), logs: keep(logs), lastEventId: undefined, connection: 'connecting' });
  },
  clear() {
    set({ executionId: undefined, status: undefined, error: undefined, nodes: {}, logs: {}, lastEventId: undefined, connection: 'idle' });
  },
  setStatus(status, error) {
    set({ status, error });
  },
  setNode(id, patch) {
    const prev = get().nodes[id];
    const next: NodeRunState = { retries: 0, attempt: 1, ...prev, ...patch };
    set({ nodes: { ...get().nodes, [id]: next } });
  },
  retry(id, attempt) {
    const prev = get().nodes[id];
    if (!prev) return;
    set({ nodes: { ...get().nodes, [id]: { ...prev, retries: prev.retries + 1, attempt: attempt + 1 } } });
  },
  addLogs(id, lines) {
    const prev = get().logs[id] ?? [];
    const next = prev.length + lines.length > LOG_CAP ? [...prev, ...lines].slice(-LOG_CAP) : [...prev, ...lines];
    set({ logs: { ...get().logs, [id]: next } });
  },
  setConnection(connection) {
    if (get().connection !== connection) set({ connection });
  },
  seen(eventId) {
    set({ lastEventId: eventId });
  },
  batch(update) {
    const s = get();
    const draft: RunDraft = { status: s.status, error: s.error, nodes: { ...s.nodes }, logs: { ...s.logs } as Record<string, LogLine[]>, lastEventId: s.lastEventId };
    update(draft);
    for (const [id, lines] of Object.entries(draft.logs)) if (lines.length > LOG_CAP) draft.logs[id] = lines.slice(-LOG_CAP);
    set(draft);
  },
}));
