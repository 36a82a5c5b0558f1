import type { LogQuery, LogRecord, NodeRecord, RunQuery, RunRecord, RunStoreWrite } from '@twingraph/model';
import type { RunStore } from '../ports/run-store.js';

/** Runs kept in this process only. */
export class InMemoryRunStore implements RunStore {
  private readonly runs = new Map<string, RunRecord>();
  private readonly nodes = new Map<string, NodeRecord>();
  private readonly nodesByRun = new Map<string, string[]>();
  private readonly logs = new Map<string, LogRecord[]>();

  write(batch: readonly RunStoreWrite[]): Promise<void> {
    for (const op of batch) {
      if (op.kind === 'run') this.runs.set(op.run.runId, op.run);
      else if (op.kind === 'node') this.writeNode(op.node);
      else this.appendLog(op.log);
    }
    return Promise.resolve();
  }

  private writeNode(node: NodeRecord): void {
    if (!this.nodes.has(node.executionId)) {
      const list = this.nodesByRun.get(node.runId);
      if (list === undefined) this.nodesByRun.set(node.runId, [node.executionId]);
      else list.push(node.executionId);
    }
    this.nodes.set(node.executionId, node);
  }

  private appendLog(log: LogRecord): void {
    let list = this.logs.get(log.runId);
    if (list === undefined) {
      list = [];
      this.logs.set(log.runId, list);
    }
    list.push({ ...log, seq: list.length + 1 });
  }

  getRun(runId: string): Promise<RunRecord | undefined> {
    return Promise.resolve(this.runs.get(runId));
  }

  listRuns(query: RunQuery = {}): Promise<RunRecord[]> {
    const runs = [...this.runs.values()]
      .filter((r) => (query.pipeline === undefined || r.pipeline === query.pipeline) && (query.status === undefined || r.status === query.status))
      .sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
    const offset = query.offset ?? 0;
    return Promise.resolve(runs.slice(offset, offset + (query.limit ?? 50)));
  }

  listNodes(runId: string): Promise<NodeRecord[]> {
    return Promise.resolve((this.nodesByRun.get(runId) ?? []).map((id) => this.nodes.get(id)!));
  }

  getNode(executionId: string): Promise<NodeRecord | undefined> {
    return Promise.resolve(this.nodes.get(executionId));
  }

  getLogs(runId: string, query: LogQuery = {}): Promise<LogRecord[]> {
    const after = query.afterSeq ?? 0;
    const matches = (this.logs.get(runId) ?? []).filter(
      (l) => l.seq! > after && (query.executionId === undefined || l.executionId === query.executionId),
    );
    return Promise.resolve(matches.slice(0, query.limit ?? 1000));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
