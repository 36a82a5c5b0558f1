import { expect } from 'vitest';
import type { LineageStore } from '@twingraph/core';
import type { GraphTracingResult } from './graph-tracing.js';

/** The figures and graph ACCEPTANCE.md demo 1 promises, checked against a real run's lineage. */
export async function expectGraphTracingRun(store: LineageStore, runId: string, result: GraphTracingResult): Promise<void> {
  expect(result.sum).toBe(4.14159);
  expect(result.multiplication).toBeCloseTo(13.0111777281, 9);
  expect(result.subtractions).toHaveLength(20);
  for (const value of result.subtractions) expect(Math.abs(value - -8.8695877281)).toBeLessThan(1e-9);
  expect(result.divisions.length).toBeLessThanOrEqual(9);

  const graph = (await store.getRunGraph(runId))!;
  expect(graph.pipelines).toHaveLength(1);
  const { A, B, C, D, E } = result.executions;
  expect(graph.components).toHaveLength(22 + D.length + E.length);
  const dependsOn = graph.edges.filter((e) => e.label === 'DEPENDS_ON');
  const parentsOf = (id: string): string[] => dependsOn.filter((e) => e.from === id).map((e) => e.to).sort();
  expect(parentsOf(A)).toEqual([]);
  expect(parentsOf(B)).toEqual([A]);
  for (const c of C) expect(parentsOf(c)).toEqual([A, B].sort());
  D.forEach((d, j) => expect(parentsOf(d)).toEqual([A, C[2 * j]!].sort()));
  for (const e of E) expect(parentsOf(e)).toHaveLength(4);
  expect(dependsOn).toHaveLength(1 + 40 + 2 * D.length + 4 * E.length);

  const upstream = await store.getUpstream(result.lastExecutionId);
  expect(upstream.components.map((c) => c.executionId)).toContain(A);
}
