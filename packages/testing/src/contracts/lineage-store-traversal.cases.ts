import { expect, it } from 'vitest';
import type { LineageStore } from '@twingraph/core';
import { buildChain, buildDiamond, componentWrite, makeComponentVertex } from '../fixtures/lineage-fixtures.js';
import { componentIds, edgeKeys, findEdge } from './lineage-assertions.js';

/** getRunGraph, getComponent and DEPENDS_ON traversal in both directions, with and without depth. */
export function lineageTraversalCases(store: () => LineageStore): void {
  it('answers undefined for an unknown run or execution and an empty graph for an unknown start', async () => {
    await store().write(buildDiamond().writes);
    expect(await store().getRunGraph('nope')).toBeUndefined();
    expect(await store().getComponent('nope')).toBeUndefined();
    expect(await store().getUpstream('nope')).toEqual({ pipelines: [], components: [], edges: [] });
    expect(await store().getDownstream('nope', { depth: 2 })).toEqual({ pipelines: [], components: [], edges: [] });
  });

  it('returns only the asked run in getRunGraph', async () => {
    const one = buildDiamond({ pipelineId: 'run-1' });
    const two = buildChain(2, { pipelineId: 'run-2', timeOffset: 100 });
    await store().write([...one.writes, ...two.writes]);
    const graph = await store().getRunGraph('run-2');
    expect(graph!.pipelines.map((p) => p.pipelineId)).toEqual(['run-2']);
    expect(graph!.components.map((c) => c.executionId)).toEqual(['run-2:c0', 'run-2:c1']);
    expect(edgeKeys(graph!.edges)).toEqual(['BELONGS_TO run-2:c0->run-2', 'BELONGS_TO run-2:c1->run-2', 'DEPENDS_ON run-2:c1->run-2:c0']);
  });

  it('walks a diamond upstream, unlimited and one hop', async () => {
    const dag = buildDiamond();
    await store().write(dag.writes);

    const all = await store().getUpstream(dag.bottom);
    expect(componentIds(all)).toEqual([dag.bottom, dag.left, dag.right, dag.top].sort());
    expect(edgeKeys(all.edges)).toEqual(
      [`DEPENDS_ON ${dag.bottom}->${dag.left}`, `DEPENDS_ON ${dag.bottom}->${dag.right}`, `DEPENDS_ON ${dag.left}->${dag.top}`, `DEPENDS_ON ${dag.right}->${dag.top}`].sort(),
    );
    expect(all.pipelines).toEqual([dag.pipeline]);
    expect(all.components.find((c) => c.executionId === dag.top)).toEqual(dag.components[0]);

    const one = await store().getUpstream(dag.bottom, { depth: 1 });
    expect(componentIds(one)).toEqual([dag.bottom, dag.left, dag.right].sort());
    expect(edgeKeys(one.edges)).toEqual([`DEPENDS_ON ${dag.bottom}->${dag.left}`, `DEPENDS_ON ${dag.bottom}->${dag.right}`]);
    expect(findEdge(one.edges, 'DEPENDS_ON', dag.bottom, dag.left).properties).toEqual({ data_flow: [{ from_output: 'value', to_input: 'input' }] });

    const fromMiddle = await store().getUpstream(dag.left);
    expect(componentIds(fromMiddle)).toEqual([dag.left, dag.top].sort());
  });

  it('walks a diamond downstream, unlimited and one hop', async () => {
    const dag = buildDiamond();
    await store().write(dag.writes);

    const all = await store().getDownstream(dag.top);
    expect(componentIds(all)).toEqual([dag.bottom, dag.left, dag.right, dag.top].sort());
    expect(edgeKeys(all.edges)).toHaveLength(4);
    expect(all.pipelines).toEqual([dag.pipeline]);

    const one = await store().getDownstream(dag.top, { depth: 1 });
    expect(componentIds(one)).toEqual([dag.left, dag.right, dag.top].sort());
    expect(edgeKeys(one.edges)).toEqual([`DEPENDS_ON ${dag.left}->${dag.top}`, `DEPENDS_ON ${dag.right}->${dag.top}`]);

    const leaf = await store().getDownstream(dag.bottom);
    expect(componentIds(leaf)).toEqual([dag.bottom]);
    expect(leaf.edges).toEqual([]);
  });

  it('walks a chain to the asked depth', async () => {
    const dag = buildChain(6);
    await store().write(dag.writes);
    const id = (i: number): string => `run-1:c${i}`;

    expect(componentIds(await store().getUpstream(id(5), { depth: 0 }))).toEqual([id(5)]);
    expect((await store().getUpstream(id(5), { depth: 0 })).edges).toEqual([]);
    expect(componentIds(await store().getUpstream(id(5), { depth: 1 }))).toEqual([id(4), id(5)]);
    const two = await store().getUpstream(id(5), { depth: 2 });
    expect(componentIds(two)).toEqual([id(3), id(4), id(5)]);
    expect(edgeKeys(two.edges)).toEqual([`DEPENDS_ON ${id(4)}->${id(3)}`, `DEPENDS_ON ${id(5)}->${id(4)}`]);
    expect(componentIds(await store().getUpstream(id(5)))).toEqual([0, 1, 2, 3, 4, 5].map(id));
    expect(componentIds(await store().getUpstream(id(5), { depth: 50 }))).toEqual([0, 1, 2, 3, 4, 5].map(id));

    expect(componentIds(await store().getDownstream(id(1), { depth: 3 }))).toEqual([1, 2, 3, 4].map(id));
    expect((await store().getDownstream(id(1), { depth: 3 })).edges).toHaveLength(3);
    expect(componentIds(await store().getDownstream(id(1)))).toEqual([1, 2, 3, 4, 5].map(id));
  });

  it('follows DEPENDS_ON across runs and returns every pipeline touched', async () => {
    const first = buildChain(2, { pipelineId: 'run-1' });
    const second = buildChain(1, { pipelineId: 'run-2', timeOffset: 100 });
    const consumer = makeComponentVertex({ executionId: 'run-2:consumer', pipelineId: 'run-2', name: 'consumer', componentOrder: 1 });
    await store().write([...first.writes, ...second.writes, componentWrite(consumer, ['run-1:c1', 'run-2:c0'])]);

    const up = await store().getUpstream('run-2:consumer');
    expect(componentIds(up)).toEqual(['run-1:c0', 'run-1:c1', 'run-2:c0', 'run-2:consumer']);
    expect(up.pipelines.map((p) => p.pipelineId).sort()).toEqual(['run-1', 'run-2']);
    const down = await store().getDownstream('run-1:c0');
    expect(componentIds(down)).toEqual(['run-1:c0', 'run-1:c1', 'run-2:consumer']);
    expect(down.pipelines.map((p) => p.pipelineId).sort()).toEqual(['run-1', 'run-2']);
  });

  it('does not loop on repeated paths (wide fan-in)', async () => {
    const roots = Array.from({ length: 30 }, (_, i) => makeComponentVertex({ executionId: `r${i}`, componentOrder: i }));
    const mids = Array.from({ length: 30 }, (_, i) => makeComponentVertex({ executionId: `m${i}`, componentOrder: 30 + i }));
    const sink = makeComponentVertex({ executionId: 'sink', componentOrder: 60 });
    await store().write([
      ...roots.map((r) => componentWrite(r)),
      ...mids.map((m) => componentWrite(m, roots.map((r) => r.executionId))),
      componentWrite(sink, mids.map((m) => m.executionId)),
    ]);
    const up = await store().getUpstream('sink');
    expect(up.components).toHaveLength(61);
    expect(up.edges).toHaveLength(30 * 30 + 30);
    expect(new Set(edgeKeys(up.edges)).size).toBe(up.edges.length);
    expect((await store().getUpstream('sink', { depth: 1 })).components).toHaveLength(31);
    expect((await store().getDownstream('r0')).components).toHaveLength(32);
  });
}
