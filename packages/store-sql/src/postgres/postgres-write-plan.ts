import type { LineageWrite, RunStoreWrite } from '@twingraph/model';
import { COMPONENT_COLUMNS, componentParams, dataFlowJson, pipelineParams } from '../lineage/lineage-rows.js';
import { logParams, nodeParams, runParams } from '../run/run-rows.js';

/** Columns of a Component vertex row in PostgreSQL: the SQLite ones without the folded node_* columns. */
export const VERTEX_COLUMNS = COMPONENT_COLUMNS.slice(0, COMPONENT_COLUMNS.indexOf('node_seq'));

/** One component write: its row, and its own DEPENDS_ON (parent, data flow JSON) and CACHED_FROM edges. */
export interface ComponentWrite {
  params: unknown[];
  parents: Array<[parent: string, dataFlow: string]>;
  cachedFrom: string | undefined;
}

/**
 * One store's batch as bind parameters (the shared row builders of lineage-rows.ts and run-rows.ts),
 * encoded when write() is called so a value that is not JSON fails that write alone.
 */
export interface PostgresWrites {
  pipelines: unknown[][];
  components: ComponentWrite[];
  runs: unknown[][];
  nodes: unknown[][];
  logs: unknown[][];
  /** How many records the batch holds (for the per-commit limit). */
  size: number;
}

const empty = (size: number): PostgresWrites => ({ pipelines: [], components: [], runs: [], nodes: [], logs: [], size });

export function encodeLineageBatch(batch: readonly LineageWrite[]): PostgresWrites {
  const writes = empty(batch.length);
  for (const op of batch) {
    if (op.kind === 'pipeline') writes.pipelines.push(pipelineParams(op.vertex));
    else {
      writes.components.push({
        params: componentParams(op.vertex).slice(0, VERTEX_COLUMNS.length),
        parents: op.parents.map((edge) => [edge.parent, dataFlowJson(edge)]),
        cachedFrom: op.cachedFrom,
      });
    }
  }
  return writes;
}

const LOG_LINE = 3;

export function encodeRunBatch(batch: readonly RunStoreWrite[]): PostgresWrites {
  const writes = empty(batch.length);
  for (const op of batch) {
    if (op.kind === 'run') writes.runs.push(runParams(op.run));
    else if (op.kind === 'node') writes.nodes.push(nodeParams(op.node));
    else {
      const params = logParams(op.log);
      // PostgreSQL text cannot hold NUL: a process printing one must not lose its whole log batch.
      const line = params[LOG_LINE] as string;
      if (line.includes('\u0000')) params[LOG_LINE] = line.replaceAll('\u0000', '\uFFFD');
      writes.logs.push(params);
    }
  }
  return writes;
}

/**
 * The batches of one commit merged as if applied one after the other: a run, node, pipeline or
 * component written twice keeps its last values (with its own edges) at the place of its first
 * write, so nodes keep first-write order and no multi-row upsert touches a row twice. Log lines
 * keep their order. Also for a single batch, which may write a row twice.
 */
export function mergeWrites(list: readonly PostgresWrites[]): PostgresWrites {
  const pipelines = new Map<unknown, unknown[]>();
  const components = new Map<unknown, ComponentWrite>();
  const runs = new Map<unknown, unknown[]>();
  const nodes = new Map<unknown, unknown[]>();
  const merged = empty(0);
  for (const writes of list) {
    for (const p of writes.pipelines) pipelines.set(p[0], p);
    for (const c of writes.components) components.set(c.params[0], c);
    for (const r of writes.runs) runs.set(r[0], r);
    for (const n of writes.nodes) nodes.set(n[0], n);
    merged.logs.push(...writes.logs);
    merged.size += writes.size;
  }
  merged.pipelines = [...pipelines.values()];
  merged.components = [...components.values()];
  merged.runs = [...runs.values()];
  merged.nodes = [...nodes.values()];
  return merged;
}
