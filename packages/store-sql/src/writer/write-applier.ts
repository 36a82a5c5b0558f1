import type Database from 'better-sqlite3';
import type { EncodedWrites, RowParams, WriteRequest } from './encoded-writes.js';

/** The statements of the write path as SQL text, and where folded node fields sit in component params (see write-sql.ts). */
export interface WritePlan {
  upsertRun: string;
  upsertNode: string;
  insertLog: string;
  lastLogSeq: string;
  readNodeSeq: string;
  writeNodeSeq: string;
  foldedNodeSeq: string;
  dropFoldedNode: string;
  nodeRowSeq: string;
  dropNodeRow: string;
  unfoldNodeOfVertex: string;
  upsertPipeline: string;
  insertComponent: string;
  selectComponentKeys: string;
  updateComponent: string;
  setComponentNodeSeq: string;
  deleteDependsOn: string;
  deleteCachedFrom: string;
  insertDependsOn: string;
  insertDependsOnResolved: string;
  insertCachedFrom: string;
  resolveDependsOn: string;
  resolveCachedFrom: string;
  /** Index of node_seq in component params; the other node_* columns follow it. */
  componentNodeSeq: number;
  /** For each node param (nodeParams order), the index of its value in the params of the component it is folded into. */
  foldedNodeParams: readonly number[];
  /** node_attempts NULL stands for one attempt with the node's start, completion and status: where those are. */
  defaultAttempts: { nodeAttempts: number; startedAt: number; completedAt: number; status: number };
}

/**
 * Commits requests: all in one IMMEDIATE transaction; if that fails, each request in its own;
 * if one fails alone, each of its batches in its own, a node folded into another batch's component
 * going to `nodes` instead. So a failure is reported for exactly the batches that fail when
 * written by themselves. Returns, per request, per batch, its error or undefined.
 */
export type WriteApplier = (requests: readonly WriteRequest[]) => unknown[][];

/**
 * Prepares the write path on a connection. The hot path is a new component: one INSERT (its node
 * record folded in), one INSERT per parent; no reads.
 *
 * This function runs on the caller's connection and, as source text, on the writer thread
 * (thread-sqlite-writer.ts), so it must stay self-contained: no imports or module-level names,
 * only its parameters (types are erased).
 */
export function createWriteApplier(db: Database.Database, plan: WritePlan): WriteApplier {
  const prepare = (text: string): Database.Statement<unknown[]> => db.prepare<unknown[]>(text);
  const upsertRun = prepare(plan.upsertRun);
  const upsertNode = prepare(plan.upsertNode);
  const insertLog = prepare(plan.insertLog);
  const lastLogSeq = prepare(plan.lastLogSeq).pluck();
  const readNodeSeq = prepare(plan.readNodeSeq).pluck();
  const writeNodeSeq = prepare(plan.writeNodeSeq);
  const foldedNodeSeq = prepare(plan.foldedNodeSeq).pluck();
  const dropFoldedNode = prepare(plan.dropFoldedNode);
  const nodeRowSeq = prepare(plan.nodeRowSeq).pluck();
  const dropNodeRow = prepare(plan.dropNodeRow);
  const unfoldNodeOfVertex = prepare(plan.unfoldNodeOfVertex);
  const upsertPipeline = prepare(plan.upsertPipeline);
  const insertComponent = prepare(plan.insertComponent);
  const selectComponentKeys = prepare(plan.selectComponentKeys);
  const updateComponent = prepare(plan.updateComponent);
  const setComponentNodeSeq = prepare(plan.setComponentNodeSeq);
  const deleteDependsOn = prepare(plan.deleteDependsOn);
  const deleteCachedFrom = prepare(plan.deleteCachedFrom);
  const insertDependsOn = prepare(plan.insertDependsOn);
  const insertDependsOnResolved = prepare(plan.insertDependsOnResolved);
  const insertCachedFrom = prepare(plan.insertCachedFrom);
  const resolveDependsOn = prepare(plan.resolveDependsOn);
  const resolveCachedFrom = prepare(plan.resolveCachedFrom);
  const SEQ = plan.componentNodeSeq;

  /**
   * State of one transaction: the node_seq counter, the next log seq per run, and the vertex_id of
   * each component inserted (an edge to one of them needs no lookup; nothing else changes vertex
   * ids while the transaction holds the write lock).
   */
  interface Tx {
    nodeSeq: number;
    logSeq: Map<string, number>;
    vertices: Map<unknown, number | bigint>;
  }

  /** Deletes the `nodes` row of a node being folded, if any (a read first: it is almost never there); returns its node_seq. */
  const takeNodeRow = (executionId: unknown): number | undefined => {
    const seq = nodeRowSeq.get(executionId) as number | undefined;
    if (seq !== undefined) dropNodeRow.run(executionId);
    return seq;
  };

  /** `bases[p]`: node_seq of ordinal 0 of batch p. `folded`: whether folded nodes are written with their components. */
  const applyLineage = (w: EncodedWrites, bases: readonly number[], folded: boolean, tx: Tx): void => {
    for (const params of w.pipelines ?? []) upsertPipeline.run(params);
    const components = w.components;
    if (components === undefined) return;
    const dependsOn = w.dependsOn ?? [];
    const cachedFrom = w.cachedFrom ?? [];
    const folds = w.folds ?? [];
    let edge = 0;
    let cached = 0;
    let fold = 0;
    for (let i = 0; i < components.length; i++) {
      let params = components[i]!;
      let hasNode = false;
      if (fold < folds.length && folds[fold] === i) {
        if (folded) {
          params[SEQ] = bases[folds[fold + 1]!]! + folds[fold + 2]!;
          hasNode = true;
        } else params = [...params.slice(0, SEQ), null, null, null, null];
        fold += 3;
      }
      const executionId = params[0];
      const inserted = insertComponent.run(params);
      let vertexId: number | bigint;
      if (inserted.changes === 1) {
        vertexId = inserted.lastInsertRowid;
        // A node lives in one place: a `nodes` row written earlier gives way, keeping its node_seq.
        if (hasNode) {
          const seq = takeNodeRow(executionId);
          if (seq !== undefined) setComponentNodeSeq.run(seq, vertexId);
        }
      } else {
        // Re-written vertex: replace its columns and its own edges; edges pointing at it stay.
        const keys = selectComponentKeys.get(executionId) as { vertex_id: number; node_seq: number | null };
        vertexId = keys.vertex_id;
        if (keys.node_seq !== null) {
          // Its folded node is written again (keeping its node_seq) or, not, keeps its values in `nodes`.
          if (hasNode) params[SEQ] = keys.node_seq;
          else unfoldNodeOfVertex.run(vertexId);
        } else if (hasNode) {
          const seq = takeNodeRow(executionId);
          if (seq !== undefined) params[SEQ] = seq;
        }
        updateComponent.run([...params.slice(1), vertexId]);
        deleteDependsOn.run(vertexId);
        deleteCachedFrom.run(vertexId);
      }
      tx.vertices.set(executionId, vertexId);
      for (; edge < dependsOn.length && dependsOn[edge] === i; edge += 3) {
        const parent = dependsOn[edge + 1];
        const parentId = tx.vertices.get(parent);
        // Otherwise the parent's execution id binds twice: as written, and to look up its vertex_id.
        if (parentId === undefined) insertDependsOn.run(vertexId, parent, parent, dependsOn[edge + 2]);
        else insertDependsOnResolved.run(vertexId, parent, parentId, dependsOn[edge + 2]);
      }
      for (; cached < cachedFrom.length && cachedFrom[cached] === i; cached += 2) insertCachedFrom.run(vertexId, cachedFrom[cached + 1], cachedFrom[cached + 1]);
    }
    // A vertex may be the missing end of an edge written in an earlier batch.
    resolveDependsOn.run();
    resolveCachedFrom.run();
  };

  /** A node for `nodes`: nodeParams() then its node_seq if new. A folded copy gives way, keeping its node_seq. */
  const writeNode = (params: RowParams, seq: number): void => {
    const folded = foldedNodeSeq.get(params[0]) as number | undefined;
    if (folded !== undefined) dropFoldedNode.run(params[0]);
    params[params.length - 1] = folded ?? seq;
    upsertNode.run(params);
  };

  const applyRun = (w: EncodedWrites, base: number, tx: Tx): void => {
    for (const params of w.runs ?? []) upsertRun.run(params);
    for (const params of w.nodes ?? []) writeNode(params, base + (params[params.length - 1] as number));
    for (const p of w.logs ?? []) {
      const runId = p[0] as string;
      const seq = (tx.logSeq.get(runId) ?? (lastLogSeq.get(runId) as number)) + 1;
      tx.logSeq.set(runId, seq);
      insertLog.run(p[0], p[1], p[2], p[3], p[4], seq);
    }
  };

  /** The nodes of run batch `part` that were folded into components of other batches of the request, unfolded. */
  const unfoldedNodesOf = (request: WriteRequest, part: number, base: number): void => {
    for (const { writes } of request) {
      const folds = writes.folds ?? [];
      for (let f = 0; f < folds.length; f += 3) {
        if (folds[f + 1] !== part) continue;
        const component = writes.components![folds[f]!]!;
        const params = plan.foldedNodeParams.map((k) => component[k]);
        const d = plan.defaultAttempts;
        params[d.nodeAttempts] ??= JSON.stringify([{ attempt: 1, startedAt: component[d.startedAt], completedAt: component[d.completedAt], status: component[d.status] }]);
        params.push(null);
        writeNode(params, base + folds[f + 2]!);
      }
    }
  };

  /** Reserves node_seq values for the run batches of a request: returns each batch's base. */
  const reserve = (request: WriteRequest, tx: Tx): number[] =>
    request.map(({ writes }) => {
      const base = tx.nodeSeq + 1;
      tx.nodeSeq += writes.nodeCount ?? 0;
      return base;
    });

  const applyRequests = (requests: readonly WriteRequest[]): void => {
    const tx: Tx = { nodeSeq: readNodeSeq.get() as number, logSeq: new Map(), vertices: new Map() };
    const start = tx.nodeSeq;
    for (const request of requests) {
      const bases = reserve(request, tx);
      for (const { writes } of request) applyLineage(writes, bases, true, tx);
      request.forEach(({ writes }, p) => applyRun(writes, bases[p]!, tx));
    }
    if (tx.nodeSeq !== start) writeNodeSeq.run(tx.nodeSeq);
  };

  /** One batch of a request by itself: a lineage batch without the nodes folded into it, a run batch with them. */
  const applyPart = (request: WriteRequest, part: number): void => {
    const tx: Tx = { nodeSeq: readNodeSeq.get() as number, logSeq: new Map(), vertices: new Map() };
    const start = tx.nodeSeq;
    const { writes } = request[part]!;
    const base = tx.nodeSeq + 1;
    tx.nodeSeq += writes.nodeCount ?? 0;
    applyLineage(writes, [], false, tx);
    applyRun(writes, base, tx);
    unfoldedNodesOf(request, part, base);
    if (tx.nodeSeq !== start) writeNodeSeq.run(tx.nodeSeq);
  };

  // IMMEDIATE takes the write lock up front, so a transaction never fails halfway for want of it.
  const all = db.transaction(applyRequests);
  const one = db.transaction(applyPart);
  const attempt = (fn: () => void): unknown => {
    try {
      fn();
      return undefined;
    } catch (error) {
      return error ?? new Error('write failed');
    }
  };
  const commitAlone = (request: WriteRequest): unknown[] => {
    const error = attempt(() => all.immediate([request]));
    if (error === undefined) return request.map(() => undefined);
    if (request.length === 1) return [error];
    return request.map((_, p) => attempt(() => one.immediate(request, p)));
  };
  return (requests) => {
    if (requests.length > 1 && attempt(() => all.immediate(requests)) === undefined) return requests.map((r) => r.map(() => undefined));
    return requests.map(commitAlone);
  };
}
