import { afterEach, expect, it } from 'vitest';
import { buildChain, describeWithService } from '@twingraph/testing';
import { gremlinAvailable, isolatedGremlinStore } from '../gremlin-test-support.test-support.js';

await describeWithService('gremlin', gremlinAvailable, 'GremlinLineageStore.queryReadOnly', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('sees only its own partition: vertices, edges and walks', async () => {
    const mine = isolatedGremlinStore();
    const other = isolatedGremlinStore();
    cleanups.push(mine.cleanup, other.cleanup);
    await mine.store.write(buildChain(3).writes);
    await other.store.write(buildChain(7).writes);
    expect((await mine.store.queryReadOnly('g.V().count()')).results).toEqual([4]);
    expect((await mine.store.queryReadOnly('g.E().count()')).results).toEqual([5]);
    const [id] = (await mine.store.queryReadOnly("g.V().has('name', 'c0').id()")).results;
    expect((await other.store.queryReadOnly('g.V(id).count()', { bindings: { id: id as string } })).results).toEqual([0]);
    expect((await mine.store.queryReadOnly('g.V(id).count()', { bindings: { id: id as string } })).results).toEqual([1]);
    const vertex = (await mine.store.queryReadOnly("g.V().has('name', 'c2')")).results[0] as { type: string; label: string; properties: Record<string, unknown> };
    expect(vertex).toMatchObject({ type: 'vertex', label: 'Component', properties: { name: 'c2', execution_id: 'run-1:c2' } });
  });

  it('turns paths, edges and maps with element keys into JSON', async () => {
    const { store, cleanup } = isolatedGremlinStore();
    cleanups.push(cleanup);
    await store.write(buildChain(2).writes);
    const [path] = (await store.queryReadOnly("g.V().has('name', 'c1').outE('DEPENDS_ON').inV().path()")).results as Array<{ type: string; objects: Array<{ type: string }> }>;
    expect(path!.type).toBe('path');
    expect(path!.objects.map((o) => o.type)).toEqual(['vertex', 'edge', 'vertex']);
    const [grouped] = (await store.queryReadOnly("g.V().hasLabel('Component').group().by().by(values('name'))")).results;
    expect(grouped).toHaveLength(2);
    expect((grouped as Array<{ key: { type: string } }>)[0]!.key.type).toBe('vertex');
  });
});
