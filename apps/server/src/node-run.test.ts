import { readFileSync } from 'node:fs';
import { createEngine, InMemoryRunStore } from '@twingraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from './create-server.js';
import { NODE_RUN_OF_LABEL, WORKFLOW_ID_LABEL, WORKFLOW_VERSION_LABEL } from './executions/execution-service.js';
import { FileWorkflowStore } from './workflows/file-workflow-store.js';
import { DEMO_11, loginAs, startTestServer, type TestServer } from './server.test-support.js';

interface NodeDto { executionId: string; name: string; hash: string; status: string; parents: string[]; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }
interface ExecutionDto { status: string; labels?: Record<string, string>; nodes: NodeDto[] }
interface NodeRunDto { executionId: string; baseExecutionId: string; parents: Array<{ nodeId: string; executionId: string; hash: string }>; pinned: string[] }
interface Doc { metadata: { name: string }; nodes: Array<{ id: string; code?: string; cache?: boolean }> }

/** POST /api/executions/:id/nodes/:nodeId/run against demo 11 run for real (local runtimes). */
describe('run one node alone with its upstream results reused by hash', () => {
  let t: TestServer;
  let headers: { authorization: string };
  let workflowId: string;
  let full: ExecutionDto & { id: string };
  const demo = JSON.parse(readFileSync(DEMO_11, 'utf8')) as Doc;

  const finished = async (id: string): Promise<ExecutionDto> => {
    const end = Date.now() + 60_000;
    for (;;) {
      const execution = (await t.server.app.inject({ method: 'GET', url: `/api/executions/${id}`, headers })).json<ExecutionDto>();
      if (execution.status !== 'running' || Date.now() > end) return execution;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const runNode = async (id: string, nodeId: string, payload: Record<string, unknown> = {}) =>
    t.server.app.inject({ method: 'POST', url: `/api/executions/${id}/nodes/${nodeId}/run`, headers, payload });
  const node = (execution: ExecutionDto, name: string): NodeDto => execution.nodes.find((n) => n.name === name)!;

  beforeAll(async () => {
    t = await startTestServer();
    headers = await loginAs(t.server, 'eve');
    workflowId = (await t.server.app.inject({ method: 'POST', url: '/api/workflows', headers, payload: { document: demo } })).json<{ id: string }>().id;
    const id = (await t.server.app.inject({ method: 'POST', url: '/api/executions', headers, payload: { workflowId } })).json<{ executionId: string }>().executionId;
    full = { ...(await finished(id)), id };
    expect(full.status).toBe('succeeded');
  }, 90_000);
  afterAll(async () => t.cleanup());

  it('unchanged code, cache on: the same hash as in the full run, reported cached from it, the upstream executions as parents', async () => {
    // The cache policy is not part of a component's identity, so turning it on keeps the hash.
    const cached = structuredClone(demo);
    cached.nodes.find((n) => n.id === 'store_vectors')!.cache = true;
    const response = await runNode(full.id, 'store_vectors', { document: cached });
    expect(response.statusCode).toBe(202);
    const started = response.json<NodeRunDto>();
    const upstream = ['split_text', 'create_embeddings'].map((name) => ({ nodeId: name, executionId: node(full, name).executionId, hash: node(full, name).hash }));
    expect(started).toMatchObject({ baseExecutionId: full.id, pinned: [] });
    expect(started.parents).toEqual(expect.arrayContaining(upstream));
    expect(started.parents).toHaveLength(2);

    const alone = await finished(started.executionId);
    expect(alone.status).toBe('succeeded');
    expect(alone.labels).toMatchObject({ 'twingraph.workflowId': workflowId, 'twingraph.nodeRunOf': full.id, 'twingraph.nodeRunNode': 'store_vectors' });
    expect(alone.nodes.map((n) => n.name)).toEqual(['store_vectors']);
    const ran = alone.nodes[0]!;
    const original = node(full, 'store_vectors');
    expect(ran.hash).toBe(original.hash);
    expect(ran.status).toBe('cached');
    expect(ran).toMatchObject({ cachedFrom: original.executionId });
    expect(ran.outputs).toEqual(original.outputs);
    expect([...ran.parents].sort()).toEqual(upstream.map((u) => u.executionId).sort());

    // Lineage: DEPENDS_ON from the node to the upstream executions of the full run.
    const graph = (await t.server.app.inject({ method: 'GET', url: `/api/graph/execution/${started.executionId}`, headers })).json<{ edges: Array<{ from: string; to: string; label: string }> }>();
    const dependsOn = graph.edges.filter((e) => e.label === 'DEPENDS_ON' && e.from === ran.executionId).map((e) => e.to).sort();
    expect(dependsOn).toEqual(upstream.map((u) => u.executionId).sort());
  }, 60_000);

  it('unchanged code, cache off (the default): the same hash as in the full run, run again (a real run, as the cache is opt-in)', async () => {
    const started = (await runNode(full.id, 'store_vectors')).json<NodeRunDto>();
    const ran = (await finished(started.executionId)).nodes[0]!;
    expect(ran.hash).toBe(node(full, 'store_vectors').hash);
    expect(ran.status).toBe('succeeded');
    expect(ran.outputs).toEqual(node(full, 'store_vectors').outputs);
  }, 60_000);

  it('edited code: a new hash and a real run, still with the upstream executions as parents; a node run of a node run finds the full run', async () => {
    const edited = structuredClone(demo);
    const target = edited.nodes.find((n) => n.id === 'store_vectors')!;
    target.code = `${target.code!}\n# edited in the designer\n`;
    const started = (await runNode(full.id, 'store_vectors', { document: edited })).json<NodeRunDto>();
    const alone = await finished(started.executionId);
    expect(alone.status).toBe('succeeded');
    const ran = alone.nodes[0]!;
    expect(ran.hash).not.toBe(node(full, 'store_vectors').hash);
    expect(ran.status).toBe('succeeded');
    expect(ran.outputs).toEqual(node(full, 'store_vectors').outputs);
    expect([...ran.parents].sort()).toEqual([node(full, 'split_text').executionId, node(full, 'create_embeddings').executionId].sort());

    // From that node run, a downstream node still gets every upstream result (its own, then the full run's).
    const next = (await runNode(started.executionId, 'retrieve_context', { document: edited })).json<NodeRunDto>();
    expect(next.baseExecutionId).toBe(full.id);
    expect(next.parents).toEqual(expect.arrayContaining([
      { nodeId: 'store_vectors', executionId: ran.executionId, hash: ran.hash },
      { nodeId: 'user_query', executionId: node(full, 'user_query').executionId, hash: node(full, 'user_query').hash },
    ]));
    expect((await finished(next.executionId)).status).toBe('succeeded');
  }, 60_000);

  it('pinned outputs replace the upstream result and are not claimed as a parent', async () => {
    const pinnedQuery = { query: 'what is pinned?' };
    const started = (await runNode(full.id, 'generate_response', { pinnedOutputs: { user_query: pinnedQuery } })).json<NodeRunDto>();
    expect(started.pinned).toEqual(['user_query']);
    expect(started.parents.map((p) => p.nodeId)).toEqual(['retrieve_context']);
    const alone = await finished(started.executionId);
    const ran = alone.nodes[0]!;
    expect(ran.status).toBe('succeeded');
    expect(ran.inputs).toMatchObject({ query: 'what is pinned?' });
    expect(ran.hash).not.toBe(node(full, 'generate_response').hash);
    expect(ran.parents).toEqual([node(full, 'retrieve_context').executionId]);
  }, 60_000);

  it('bad requests: unknown execution or node (404), upstream without a result (409), invalid document (400)', async () => {
    expect((await runNode('no-such-run', 'store_vectors')).json()).toMatchObject({ code: 'ERR_NOT_FOUND' });
    const unknownNode = await runNode(full.id, 'nope');
    expect(unknownNode.statusCode).toBe(404);
    const added = structuredClone(demo) as Doc & { nodes: unknown[]; edges: unknown[] };
    added.nodes.push({ id: 'extra', type: 'component', language: 'python', code: 'def process(inputs):\n    return {"x": 1}\n', outputs: [{ name: 'x', type: 'number' }] });
    added.nodes.push({ id: 'after', type: 'component', language: 'python', code: 'def process(inputs):\n    return {"y": inputs["x"]}\n', inputs: [{ name: 'x', type: 'number' }], outputs: [{ name: 'y', type: 'number' }] });
    added.edges.push({ id: 'extra.x->after.x', source: 'extra', sourceHandle: 'x', target: 'after', targetHandle: 'x' });
    const missing = await runNode(full.id, 'after', { document: added });
    expect(missing.statusCode).toBe(409);
    expect(missing.json()).toMatchObject({ code: 'ERR_CONFLICT', details: { upstream: 'extra' } });
    expect(missing.json<{ hint: string }>().hint).toMatch(/pin outputs on 'extra'/);
    const invalid = await runNode(full.id, 'store_vectors', { document: { apiVersion: 'twingraph/v1', kind: 'Workflow', nodes: 'no' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'ERR_VALIDATION' });
  });
});

describe('a "run this node" execution interrupted by a server stop', () => {
  it('is recorded failed at restart, not resumed (resuming would run the whole saved workflow)', async () => {
    const store = new FileWorkflowStore();
    const saved = await store.create({ document: JSON.parse(readFileSync(DEMO_11, 'utf8')) as unknown, name: 'demo-11-designer-workflow', hash: 'h' });
    const runStore = new InMemoryRunStore();
    const labels = { [WORKFLOW_ID_LABEL]: saved.id, [WORKFLOW_VERSION_LABEL]: String(saved.version), [NODE_RUN_OF_LABEL]: 'r-full' };
    await runStore.write([{ kind: 'run', run: { runId: 'r-node', pipeline: saved.name, version: 'v', status: 'running', startedAt: new Date().toISOString(), labels } }]);
    const engine = createEngine({ runStore });
    const server = await createServer({ engine, workflowStore: store, logger: false, auth: { mode: 'off' } });
    try {
      expect(await runStore.getRun('r-node')).toMatchObject({ status: 'failed', error: { code: 'ERR_CANCELLED' } });
      expect((await runStore.getRun('r-node'))!.error!.message).toMatch(/"run this node" execution was running; run the node again/);
    } finally {
      await server.close();
      await engine.close();
    }
  });
});
