import { describe, expect, it } from 'vitest';
import type { ComponentVertex, LineageGraph } from '@twingraph/model';
import { dataFlowEdges, graphFigures, layeredPositions, mergeGraphs, parseLineageJson } from './lineage-elements.js';

function vertex(id: string, over: Partial<ComponentVertex> = {}): ComponentVertex {
  return { executionId: id, pipelineId: 'run', name: id, hash: `h${id}`, status: 'succeeded', platform: 'local', startedAt: '2026-01-01T00:00:00.000Z', completedAt: '2026-01-01T00:00:00.500Z', inputs: {}, attempts: 1, codeHash: 'c', componentOrder: 0, ...over };
}
const dep = (child: string, parent: string) => ({ label: 'DEPENDS_ON' as const, from: child, to: parent, properties: {} });

/** A layered DAG of n vertices: each has up to two parents in the previous layer. */
function generatedGraph(n: number, width = 50): LineageGraph {
  const components = Array.from({ length: n }, (_, i) => vertex(`v${i}`, { status: i % 17 === 0 ? 'failed' : 'succeeded', platform: i % 3 === 0 ? 'docker' : 'local' }));
  const edges = [];
  for (let i = width; i < n; i++) {
    edges.push(dep(`v${i}`, `v${i - width}`));
    if (i % width > 0) edges.push(dep(`v${i}`, `v${i - width - 1}`));
  }
  return { pipelines: [], components, edges };
}

describe('lineage elements', () => {
  const graph: LineageGraph = {
    pipelines: [{ pipelineId: 'run', name: 'p', version: 'v', status: 'succeeded', startedAt: '2026-01-01T00:00:00.000Z' }],
    components: [vertex('a'), vertex('b', { platform: 'docker' }), vertex('c', { status: 'cached' }), vertex('d')],
    edges: [dep('b', 'a'), dep('c', 'a'), dep('d', 'b'), dep('d', 'c'), { label: 'BELONGS_TO', from: 'a', to: 'run', properties: {} }, dep('d', 'outside')],
  };
  it('turns DEPENDS_ON (child → parent) into data flow (parent → child) among shown vertices', () => {
    expect(dataFlowEdges(graph)).toEqual([
      { source: 'a', target: 'b', label: 'DEPENDS_ON' }, { source: 'a', target: 'c', label: 'DEPENDS_ON' },
      { source: 'b', target: 'd', label: 'DEPENDS_ON' }, { source: 'c', target: 'd', label: 'DEPENDS_ON' },
    ]);
  });
  it('lays out in columns by longest path', () => {
    const p = layeredPositions(['a', 'b', 'c', 'd'], dataFlowEdges(graph));
    expect(p.get('a')!.x).toBe(0);
    expect(p.get('b')!.x).toBe(p.get('c')!.x);
    expect(p.get('d')!.x).toBeGreaterThan(p.get('b')!.x);
    expect(p.get('b')!.y).not.toBe(p.get('c')!.y);
  });
  it('computes figures of the shown graph', () => {
    expect(graphFigures(graph)).toMatchObject({ components: 4, edges: 4, pipelines: 1, depth: 3, roots: 1, leaves: 1, byStatus: { succeeded: 3, cached: 1 }, byPlatform: { local: 3, docker: 1 }, totalDurationMs: 1500 });
  });
  it('merges graphs without duplicates and reads exported JSON back', () => {
    const merged = mergeGraphs(graph, { pipelines: graph.pipelines, components: [vertex('a'), vertex('e')], edges: [dep('b', 'a'), dep('e', 'd')] });
    expect(merged.components.map((c) => c.executionId)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(merged.edges).toHaveLength(graph.edges.length + 1);
    expect(parseLineageJson(JSON.stringify(merged))).toEqual(merged);
    expect(() => parseLineageJson('{"nodes": []}')).toThrow(/Expected \{pipelines, components, edges\}/);
  });
  it('lays out 5,000 vertices and figures them in well under a frame budget per thousand', () => {
    const big = generatedGraph(5000);
    const started = performance.now();
    const positions = layeredPositions(big.components.map((c) => c.executionId), dataFlowEdges(big));
    const figures = graphFigures(big);
    const ms = performance.now() - started;
    expect(positions.size).toBe(5000);
    expect(figures).toMatchObject({ components: 5000, depth: 100, roots: 50 });
    expect(ms).toBeLessThan(1000);
  });
});
