import { expect, it } from 'vitest';
import type { LineageStore } from '@twingraph/core';
import type { ComponentVertex, LineageWrite } from '@twingraph/model';
import { fixtureTime } from '../fixtures/fixture-time.js';
import { buildChain, buildDiamond, componentWrite, makeComponentVertex } from '../fixtures/lineage-fixtures.js';
import { edgeKeys, idsInOrder } from './lineage-assertions.js';

/** Three runs of the same 3-chain, 100 s apart: the same names and hashes in every run. */
function threeRuns(name = 'demo-pipeline'): LineageWrite[] {
  return [1, 2, 3].flatMap((n) => buildChain(3, { pipelineId: `run-${n}`, pipelineName: name, timeOffset: n * 100 }).writes);
}

/** findByHash, findCached, componentHistory, search, statistics and clear. */
export function lineageQueryCases(store: () => LineageStore): void {
  it('finds executions by hash, newest first', async () => {
    await store().write(threeRuns());
    expect(idsInOrder(await store().findByHash('hash-c1'))).toEqual(['run-3:c1', 'run-2:c1', 'run-1:c1']);
    expect(await store().findByHash('no-such-hash')).toEqual([]);
  });

  it('finds a cached execution: only succeeded or cached ones with outputs, newest first, not before a time', async () => {
    const at = (s: number): { startedAt: string; completedAt: string } => ({ startedAt: fixtureTime(s), completedAt: fixtureTime(s + 1) });
    const old = makeComponentVertex({ executionId: 'old', hash: 'h', ...at(10) });
    const reused = makeComponentVertex({ executionId: 'reused', hash: 'h', status: 'cached', ...at(20) });
    const failed = makeComponentVertex({ executionId: 'failed', hash: 'h', status: 'failed', error: { code: 'E', message: 'x' }, ...at(30) });
    const noOutputs = makeComponentVertex({ executionId: 'no-outputs', hash: 'h', ...at(40) });
    delete noOutputs.outputs;
    const running = makeComponentVertex({ executionId: 'running', hash: 'h', status: 'running', ...at(50) });
    const otherHash = makeComponentVertex({ executionId: 'other', hash: 'h2', ...at(60) });
    await store().write([old, reused, failed, noOutputs, running, otherHash].map((v) => componentWrite(v)));

    expect((await store().findCached('h'))?.executionId).toBe('reused');
    expect(await store().findCached('h')).toEqual(reused);
    expect((await store().findCached('h', { notBefore: fixtureTime(21) }))?.executionId).toBe('reused');
    expect(await store().findCached('h', { notBefore: fixtureTime(21.5) })).toBeUndefined();
    await store().write([componentWrite({ ...reused, status: 'failed' })]);
    expect((await store().findCached('h'))?.executionId).toBe('old');
    expect((await store().findCached('h2'))?.executionId).toBe('other');
    expect(await store().findCached('missing')).toBeUndefined();
  });

  it('falls back to startedAt for notBefore when completedAt is missing', async () => {
    const vertex = makeComponentVertex({ executionId: 'v', hash: 'h', startedAt: fixtureTime(10) });
    delete vertex.completedAt;
    await store().write([componentWrite(vertex)]);
    expect((await store().findCached('h', { notBefore: fixtureTime(10) }))?.executionId).toBe('v');
    expect(await store().findCached('h', { notBefore: fixtureTime(11) })).toBeUndefined();
  });

  it('lists the history of a component by name, newest first, with a limit', async () => {
    await store().write(threeRuns());
    expect(idsInOrder(await store().componentHistory('c2'))).toEqual(['run-3:c2', 'run-2:c2', 'run-1:c2']);
    expect(idsInOrder(await store().componentHistory('c2', { limit: 2 }))).toEqual(['run-3:c2', 'run-2:c2']);
    expect(await store().componentHistory('unknown')).toEqual([]);
  });

  it('searches by name, platform, status, time range, pipelineId and limit', async () => {
    const vertices: ComponentVertex[] = [];
    const platforms = ['local', 'docker', 'lambda'] as const;
    for (let i = 0; i < 9; i++) {
      const vertex = makeComponentVertex({
        executionId: `e${i}`,
        pipelineId: i < 5 ? 'run-a' : 'run-b',
        name: i % 2 === 0 ? 'even' : 'odd',
        platform: platforms[i % 3]!,
        status: i === 4 ? 'failed' : 'succeeded',
        componentOrder: i,
      });
      vertices.push(vertex);
    }
    await store().write(vertices.map((v) => componentWrite(v)));
    const ids = async (query: Parameters<LineageStore['search']>[0]): Promise<string[]> => idsInOrder(await store().search(query));

    expect(await ids({})).toEqual(['e8', 'e7', 'e6', 'e5', 'e4', 'e3', 'e2', 'e1', 'e0']);
    expect(await ids({ name: 'odd' })).toEqual(['e7', 'e5', 'e3', 'e1']);
    expect(await ids({ platform: 'docker' })).toEqual(['e7', 'e4', 'e1']);
    expect(await ids({ status: 'failed' })).toEqual(['e4']);
    expect(await ids({ pipelineId: 'run-b' })).toEqual(['e8', 'e7', 'e6', 'e5']);
    expect(await ids({ startTime: fixtureTime(3), endTime: fixtureTime(5) })).toEqual(['e5', 'e4', 'e3']);
    expect(await ids({ startTime: fixtureTime(7) })).toEqual(['e8', 'e7']);
    expect(await ids({ endTime: fixtureTime(1) })).toEqual(['e1', 'e0']);
    expect(await ids({ limit: 2 })).toEqual(['e8', 'e7']);
    expect(await ids({ name: 'even', platform: 'local', pipelineId: 'run-a' })).toEqual(['e0']);
    expect(await ids({ name: 'even', status: 'failed', startTime: fixtureTime(4), endTime: fixtureTime(4) })).toEqual(['e4']);
    expect(await ids({ name: 'nobody' })).toEqual([]);
    expect((await store().search({ name: 'odd' }))[0]).toEqual(vertices[7]);
  });

  it('limits a search to 100 results by default', async () => {
    const writes = Array.from({ length: 120 }, (_, i) => componentWrite(makeComponentVertex({ executionId: `e${i}`, name: 'many', componentOrder: i })));
    await store().write(writes);
    const found = await store().search({ name: 'many' });
    expect(found).toHaveLength(100);
    expect(found[0]!.executionId).toBe('e119');
    expect(await store().search({ name: 'many', limit: 500 })).toHaveLength(120);
  });

  it('counts vertices and edges by label, platform and status', async () => {
    expect(await store().statistics()).toEqual({
      vertices: 0, edges: 0, pipelines: 0, components: 0,
      edgesByLabel: { DEPENDS_ON: 0, BELONGS_TO: 0, CACHED_FROM: 0 }, byPlatform: {}, byStatus: {},
    });
    const dag = buildDiamond();
    const cached = makeComponentVertex({ executionId: 'run-1:again', status: 'cached', platform: 'docker', componentOrder: 4 });
    const failed = makeComponentVertex({ executionId: 'run-1:bad', status: 'failed', platform: 'lambda', componentOrder: 5 });
    await store().write([...dag.writes, componentWrite(cached, [dag.left], dag.top), componentWrite(failed, [dag.bottom])]);
    expect(await store().statistics()).toEqual({
      vertices: 7,
      edges: 6 + 6 + 1,
      pipelines: 1,
      components: 6,
      edgesByLabel: { DEPENDS_ON: 6, BELONGS_TO: 6, CACHED_FROM: 1 },
      byPlatform: { local: 4, docker: 1, lambda: 1 },
      byStatus: { succeeded: 4, cached: 1, failed: 1 },
    });
  });

  it('clears one pipeline by id, leaving the others intact', async () => {
    await store().write(threeRuns());
    const before = await store().getRunGraph('run-3');
    expect(await store().clear({ pipelineId: 'run-2' })).toBe(4);
    expect(await store().getRunGraph('run-2')).toBeUndefined();
    expect(await store().getComponent('run-2:c0')).toBeUndefined();
    expect(idsInOrder(await store().findByHash('hash-c0'))).toEqual(['run-3:c0', 'run-1:c0']);
    expect(await store().getRunGraph('run-3')).toEqual(before);
    expect(await store().statistics()).toMatchObject({ vertices: 8, pipelines: 2, components: 6, edges: 10 });
    expect(await store().clear({ pipelineId: 'run-2' })).toBe(0);
    expect(await store().clear({ pipelineId: 'never-existed' })).toBe(0);
  });

  it('clears by pipeline name, keeping the excepted run and other pipelines', async () => {
    await store().write([...threeRuns('nightly'), ...buildChain(2, { pipelineId: 'other-run', pipelineName: 'adhoc', timeOffset: 900 }).writes]);
    expect(await store().clear({ pipelineName: 'nightly', exceptPipelineId: 'run-3' })).toBe(8);
    expect(await store().getRunGraph('run-1')).toBeUndefined();
    expect(await store().getRunGraph('run-2')).toBeUndefined();
    expect((await store().getRunGraph('run-3'))!.components).toHaveLength(3);
    expect((await store().getRunGraph('other-run'))!.components).toHaveLength(2);
    expect(await store().statistics()).toMatchObject({ pipelines: 2, components: 5 });

    expect(await store().clear({ pipelineName: 'nightly' })).toBe(4);
    expect(await store().getRunGraph('run-3')).toBeUndefined();
    expect((await store().getRunGraph('other-run'))!.components).toHaveLength(2);
    expect(await store().clear({ pipelineName: 'no-such-pipeline' })).toBe(0);
  });

  it('clears everything', async () => {
    await store().write([...threeRuns(), ...buildDiamond({ pipelineId: 'd', pipelineName: 'diamond', timeOffset: 900 }).writes]);
    expect(await store().clear({ all: true })).toBe(12 + 5);
    expect(await store().statistics()).toEqual({
      vertices: 0, edges: 0, pipelines: 0, components: 0,
      edgesByLabel: { DEPENDS_ON: 0, BELONGS_TO: 0, CACHED_FROM: 0 }, byPlatform: {}, byStatus: {},
    });
    expect(await store().search({})).toEqual([]);
    await store().write(buildChain(2).writes);
    expect((await store().statistics()).components).toBe(2);
  });

  it('drops edges into a cleared run from the runs that remain', async () => {
    const first = buildChain(2, { pipelineId: 'run-1', pipelineName: 'first' });
    const second = buildChain(1, { pipelineId: 'run-2', pipelineName: 'second', timeOffset: 100 });
    const consumer = makeComponentVertex({ executionId: 'run-2:consumer', pipelineId: 'run-2', name: 'consumer', componentOrder: 1, status: 'cached' });
    await store().write([...first.writes, ...second.writes, componentWrite(consumer, ['run-1:c1', 'run-2:c0'], 'run-1:c1')]);
    expect((await store().statistics()).edgesByLabel).toEqual({ DEPENDS_ON: 3, BELONGS_TO: 4, CACHED_FROM: 1 });

    await store().clear({ pipelineId: 'run-1' });
    expect((await store().statistics()).edgesByLabel).toEqual({ DEPENDS_ON: 1, BELONGS_TO: 2, CACHED_FROM: 0 });
    const graph = await store().getRunGraph('run-2');
    expect(edgeKeys(graph!.edges)).toEqual(['BELONGS_TO run-2:c0->run-2', 'BELONGS_TO run-2:consumer->run-2', 'DEPENDS_ON run-2:consumer->run-2:c0']);
    expect(idsInOrder((await store().getUpstream('run-2:consumer')).components).sort()).toEqual(['run-2:c0', 'run-2:consumer']);
  });
}
