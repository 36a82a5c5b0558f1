import { canonicalJson, topologicalOrder, type NodeRecord } from '@twingraph/model';
import { durationBetween } from './monitor-format.js';

export type DiffField = 'status' | 'inputs' | 'outputs' | 'hash' | 'duration' | 'missing';

export interface NodeDiffRow {
  /** `name` or `name #2` when a run calls a component several times. */
  key: string;
  a: NodeRecord | undefined;
  b: NodeRecord | undefined;
  /** Fields that differ (duration counts only past `durationTolerance`). */
  differences: DiffField[];
}

export interface RunDiff {
  rows: NodeDiffRow[];
  /** Index in `rows` of the first node (in dependency order) that differs, -1 when none. */
  firstDifference: number;
}

export interface DiffOptions {
  /** Relative duration change that counts as a difference. @defaultValue 0.5 (50 %) */
  durationTolerance?: number;
  /** Absolute duration change under which durations are equal, in ms. @defaultValue 200 */
  durationFloorMs?: number;
}

/** Keys nodes by name plus occurrence (in start order), so repeated calls pair up one by one. */
function keyed(nodes: readonly NodeRecord[]): Map<string, NodeRecord> {
  const seen = new Map<string, number>();
  const out = new Map<string, NodeRecord>();
  const ordered = [...nodes].sort((x, y) => (x.startedAt ?? '').localeCompare(y.startedAt ?? '') || x.executionId.localeCompare(y.executionId));
  for (const node of ordered) {
    const n = (seen.get(node.name) ?? 0) + 1;
    seen.set(node.name, n);
    out.set(n === 1 ? node.name : `${node.name} #${n}`, node);
  }
  return out;
}

/** Dependency order of the keys (parents first), from whichever run has the node. */
function order(a: Map<string, NodeRecord>, b: Map<string, NodeRecord>): string[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  const keyById = new Map<string, string>();
  for (const [key, node] of [...a, ...b]) keyById.set(node.executionId, key);
  const edges: Array<{ from: string; to: string }> = [];
  for (const key of keys) {
    const node = a.get(key) ?? b.get(key);
    for (const parent of node?.parents ?? []) {
      const parentKey = keyById.get(parent);
      if (parentKey !== undefined && parentKey !== key) edges.push({ from: parentKey, to: key });
    }
  }
  try {
    return topologicalOrder(keys, edges);
  } catch {
    return keys;
  }
}

function same(x: unknown, y: unknown): boolean {
  try {
    return canonicalJson(x ?? null) === canonicalJson(y ?? null);
  } catch {
    return JSON.stringify(x) === JSON.stringify(y);
  }
}

/** Compares two executions node by node: status, inputs, outputs, hash and duration. */
export function diffRuns(nodesA: readonly NodeRecord[], nodesB: readonly NodeRecord[], options: DiffOptions = {}): RunDiff {
  const tolerance = options.durationTolerance ?? 0.5;
  const floor = options.durationFloorMs ?? 200;
  const a = keyed(nodesA);
  const b = keyed(nodesB);
  const rows: NodeDiffRow[] = order(a, b).map((key) => {
    const x = a.get(key);
    const y = b.get(key);
    const differences: DiffField[] = [];
    if (x === undefined || y === undefined) {
      differences.push('missing');
    } else {
      if (x.status !== y.status) differences.push('status');
      if (!same(x.inputs, y.inputs)) differences.push('inputs');
      if (!same(x.outputs, y.outputs)) differences.push('outputs');
      if (x.hash !== y.hash) differences.push('hash');
      const dx = durationBetween(x.startedAt, x.completedAt);
      const dy = durationBetween(y.startedAt, y.completedAt);
      if (dx !== undefined && dy !== undefined && Math.abs(dx - dy) > Math.max(floor, tolerance * Math.max(dx, dy))) differences.push('duration');
    }
    return { key, a: x, b: y, differences };
  });
  // Duration alone is noise, not a different computation: it never makes a node "the first difference".
  const firstDifference = rows.findIndex((row) => row.differences.some((d) => d !== 'duration'));
  return { rows, firstDifference };
}
