import type { ComponentVertex, LineageWrite, NodeRecord, RunStoreWrite } from '@twingraph/model';
import { COMPONENT_COLUMNS } from '../lineage/lineage-rows.js';
import { encodeLineageWrites, encodeRunWrites, type EncodedWrites, type WritePart } from './encoded-writes.js';

const NODE_ATTEMPTS = COMPONENT_COLUMNS.indexOf('node_attempts');
const NODE_PARENTS = COMPONENT_COLUMNS.indexOf('node_parents');
const NODE_CACHED_FROM = COMPONENT_COLUMNS.indexOf('node_cached_from');

/** A store's batch waiting to be encoded into a request. */
export type PendingBatch = { kind: 'run'; batch: readonly RunStoreWrite[] } | { kind: 'lineage'; batch: readonly LineageWrite[] };

/** Where a component of the request is: its batch's position in the request and its index there. */
interface VertexPlace {
  vertex: ComponentVertex;
  part: number;
  index: number;
}

/**
 * Encodes the batches of one event-loop turn into one request, folding each node record into its
 * component row when the lineage batch of the same turn has that execution with the same values:
 * the engine writes both records of a finished component together, so the pair costs one row.
 *
 * Same values means the same strings and the same input, output and error objects (identity, so
 * checking costs nothing); an execution written twice in one turn is never folded. Lineage batches
 * come first in the request, so a fold's component position does not depend on which run batches
 * encode. Returns the request and, per position, the batch it came from; a batch that cannot be
 * encoded (a value that is not JSON) is reported to `failed` and left out.
 */
export function encodeRequest<T extends PendingBatch>(batches: readonly T[], nextId: () => number, failed: (batch: T, error: unknown) => void): { request: WritePart[]; owners: T[] } {
  const request: WritePart[] = [];
  const owners: T[] = [];
  const vertices = new Map<string, VertexPlace | null>();
  for (const pending of batches) {
    if (pending.kind !== 'lineage') continue;
    let writes: EncodedWrites;
    try {
      writes = encodeLineageWrites(pending.batch);
    } catch (error) {
      failed(pending, error);
      continue;
    }
    let index = 0;
    for (const op of pending.batch) {
      if (op.kind !== 'component') continue;
      // Seen twice: null, never folded.
      vertices.set(op.vertex.executionId, vertices.has(op.vertex.executionId) ? null : { vertex: op.vertex, part: request.length, index });
      index++;
    }
    request.push({ id: nextId(), writes });
    owners.push(pending);
  }

  const nodeWrites = new Map<string, number>();
  if (vertices.size > 0) {
    for (const pending of batches) {
      if (pending.kind !== 'run') continue;
      for (const op of pending.batch) if (op.kind === 'node') nodeWrites.set(op.node.executionId, (nodeWrites.get(op.node.executionId) ?? 0) + 1);
    }
  }
  for (const pending of batches) {
    if (pending.kind !== 'run') continue;
    const part = request.length;
    const folds: Array<{ place: VertexPlace; ordinal: number; node: NodeRecord; attempts: string | null; parents: string }> = [];
    let writes: EncodedWrites;
    try {
      writes = encodeRunWrites(
        pending.batch,
        vertices.size === 0
          ? undefined
          : ({ node }, ordinal) => {
              const place = vertices.get(node.executionId);
              if (place == null || nodeWrites.get(node.executionId) !== 1 || !sameValues(node, place.vertex)) return false;
              folds.push({ place, ordinal, node, attempts: defaultAttempts(node) ? null : JSON.stringify(node.attempts), parents: JSON.stringify(node.parents) });
              return true;
            },
      );
    } catch (error) {
      failed(pending, error);
      continue;
    }
    for (const { place, ordinal, node, attempts, parents } of folds) {
      const target = request[place.part]!.writes;
      const params = target.components![place.index]!;
      params[NODE_ATTEMPTS] = attempts;
      params[NODE_PARENTS] = parents;
      params[NODE_CACHED_FROM] = node.cachedFrom ?? null;
      (target.folds ??= []).push(place.index, part, ordinal);
    }
    request.push({ id: nextId(), writes });
    owners.push(pending);
  }
  for (const { writes } of request) if (writes.folds !== undefined) writes.folds = sortTriples(writes.folds);
  return { request, owners };
}

/** The node record holds nothing its component vertex does not, apart from its own fields (attempts, parents, cache source). */
function sameValues(node: NodeRecord, vertex: ComponentVertex): boolean {
  return (
    node.runId === vertex.pipelineId && node.name === vertex.name && node.hash === vertex.hash && node.platform === vertex.platform &&
    node.status === vertex.status && node.startedAt === vertex.startedAt && node.completedAt === vertex.completedAt &&
    node.inputs === vertex.inputs && node.outputs === vertex.outputs && node.error === vertex.error
  );
}

/**
 * One attempt, attempt 1, that started, completed and ended as the node did, with nothing else
 * set: stored as node_attempts NULL (see folded-nodes.sql.ts) and read back equal.
 */
function defaultAttempts(node: NodeRecord): boolean {
  if (node.attempts.length !== 1) return false;
  const a = node.attempts[0]!;
  if (a.attempt !== 1 || a.completedAt === undefined || a.startedAt !== node.startedAt || a.completedAt !== node.completedAt || a.status !== node.status) return false;
  for (const key in a) if (!DEFAULT_ATTEMPT_KEYS.has(key) && (a as unknown as Record<string, unknown>)[key] !== undefined) return false;
  return true;
}

const DEFAULT_ATTEMPT_KEYS = new Set(['attempt', 'startedAt', 'completedAt', 'status']);

/** Flat triples sorted by their first number (the writer walks components and folds together); usually they already are. */
function sortTriples(flat: number[]): number[] {
  let sorted = true;
  for (let i = 3; i < flat.length && sorted; i += 3) sorted = flat[i - 3]! < flat[i]!;
  if (sorted) return flat;
  const triples: Array<[number, number, number]> = [];
  for (let i = 0; i < flat.length; i += 3) triples.push([flat[i]!, flat[i + 1]!, flat[i + 2]!]);
  triples.sort((a, b) => a[0] - b[0]);
  return triples.flat();
}
