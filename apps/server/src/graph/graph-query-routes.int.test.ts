import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, InMemoryRunStore, type Engine } from '@twingraph/core';
import { buildChain, buildDag, describeWithService } from '@twingraph/testing';
import { GremlinLineageStore } from '@twingraph/store-gremlin';
import { loginAs, startTestServer, type TestServer } from '../server.test-support.js';
import { gremlinAvailable, TEST_GREMLIN_URL } from '@twingraph/store-gremlin/test-support';


describe('POST /api/graph/query without a Gremlin backend', () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer()));
  afterAll(async () => t.cleanup());

  it('answers 501 ERR_GRAPH_QUERY_UNSUPPORTED on the in-memory (or SQLite) store', async () => {
    const res = await t.server.app.inject({ method: 'POST', url: '/api/graph/query', headers: await loginAs(t.server, 'vic'), payload: { gremlin: 'g.V().count()' } });
    expect(res.statusCode).toBe(501);
    expect(res.json()).toMatchObject({ code: 'ERR_GRAPH_QUERY_UNSUPPORTED' });
    expect(res.json<{ hint: string }>().hint).toContain('--graph gremlin://');
  });

  it('validates the body first (400 ERR_BAD_REQUEST)', async () => {
    const res = await t.server.app.inject({ method: 'POST', url: '/api/graph/query', headers: await loginAs(t.server, 'vic'), payload: { query: 'g.V()' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ERR_BAD_REQUEST' });
  });
});

// The store gets its own partition, so the queries only see this test's graph on the shared server.
await describeWithService('gremlin', gremlinAvailable, 'POST /api/graph/query on Gremlin Server', () => {
  let t: TestServer;
  let engine: Engine;
  let store: GremlinLineageStore;
  let viewer: { authorization: string };
  const query = (payload: Record<string, unknown>, headers: Record<string, string> = viewer) =>
    t.server.app.inject({ method: 'POST', url: '/api/graph/query', headers, payload });

  beforeAll(async () => {
    store = new GremlinLineageStore({ url: TEST_GREMLIN_URL, partition: `test-${randomUUID()}` });
    engine = createEngine({ executors: [], runStore: new InMemoryRunStore(), lineageStore: store });
    t = await startTestServer({ engine });
    viewer = await loginAs(t.server, 'vic');
    await store.write(buildChain(30).writes);
    // A complete DAG of 10 components: enumerating its simple paths takes far longer than a second.
    const shape: Array<[string, string[]]> = [];
    for (let i = 0; i < 10; i++) shape.push([`k${i}`, Array.from({ length: i }, (_, j) => `k${j}`)]);
    await store.write(buildDag(shape, { pipelineId: 'dense' }).writes);
  });
  afterAll(async () => {
    await store.clear({ all: true });
    await t.cleanup();
    await engine.close();
  });

  it('answers read queries for a viewer: counts, value maps, walks, bindings', async () => {
    const counts = await query({ gremlin: 'g.V().groupCount().by(label)' });
    expect(counts.statusCode).toBe(200);
    expect(counts.json()).toMatchObject({ results: [{ Component: 40, Pipeline: 2 }], truncated: false });
    const upstream = await query({ gremlin: "g.V().has('Component', 'execution_id', start).repeat(out('DEPENDS_ON')).times(3).values('name')", bindings: { start: 'run-1:c29' } });
    expect(upstream.json()).toMatchObject({ results: ['c26'] });
    const map = await query({ gremlin: "g.V().has('Component', 'name', 'c0').elementMap('name', 'status')" });
    expect(map.json<{ results: Array<Record<string, unknown>> }>().results[0]).toMatchObject({ label: 'Component', name: 'c0', status: 'succeeded' });
    const edges = await query({ gremlin: "g.E().hasLabel('DEPENDS_ON').count()" });
    expect(edges.json()).toMatchObject({ results: [29 + 45] });
  });

  it.each(['g.V().drop()', "g.addV('Component')", "g.V().limit(1).addE('DEPENDS_ON').to(V())", "g.V().property('status', 'ok')", 'g.mergeV()', 'g.V().mergeE()', "g.io('/tmp/x.json').write()", 'g.V().sideEffect{ it.get().remove() }', "g.V().map(__.property('x', 1))"])(
    'refuses %s with 400 ERR_GRAPH_QUERY_REFUSED and changes nothing',
    async (gremlin) => {
      const res = await query({ gremlin });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'ERR_GRAPH_QUERY_REFUSED' });
      expect((await store.statistics()).vertices).toBe(42);
    },
  );

  it('truncates results over the limit and says so', async () => {
    const res = await query({ gremlin: "g.V().hasLabel('Component').values('name')", limit: 5 });
    expect(res.json()).toMatchObject({ truncated: true });
    expect(res.json<{ results: unknown[] }>().results).toHaveLength(5);
    const all = await query({ gremlin: "g.V().hasLabel('Pipeline').values('name')", limit: 5 });
    expect(all.json()).toMatchObject({ truncated: false });
  });

  it('stops a long query at its timeout with 504 ERR_GRAPH_QUERY_TIMEOUT, and the server answers the next one', async () => {
    const started = Date.now();
    const res = await query({ gremlin: "g.V().has('pipeline_id', 'dense').repeat(both('DEPENDS_ON').simplePath()).times(9).count()", timeoutMs: 300 });
    expect(res.statusCode).toBe(504);
    expect(res.json()).toMatchObject({ code: 'ERR_GRAPH_QUERY_TIMEOUT', details: { timeoutMs: 300 } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await query({ gremlin: 'g.V().count()' })).json()).toMatchObject({ results: [42] });
  });

  it('reports a query the server cannot run as 400 ERR_GRAPH_QUERY_FAILED', async () => {
    const res = await query({ gremlin: "g.V().values('name').math('_ + 1')" });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ERR_GRAPH_QUERY_FAILED' });
  });

  it('refuses a query that is too long or too big: 400 with the limit in the message', async () => {
    const long = await query({ gremlin: `g.V().has('name', '${'x'.repeat(10_000)}')` });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'ERR_BAD_REQUEST', details: { problems: [{ path: 'body.gremlin' }] } });
    const steps = await query({ gremlin: `g.V()${'.out()'.repeat(200)}` });
    expect(steps.statusCode).toBe(400);
    expect(steps.json()).toMatchObject({ code: 'ERR_GRAPH_QUERY_REFUSED', message: expect.stringContaining('more than 200 steps') });
  });

  it('needs credentials', async () => {
    expect((await query({ gremlin: 'g.V().count()' }, {})).statusCode).toBe(401);
  });
});
