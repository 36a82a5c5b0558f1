import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_11, loginAs, startTestServer, type TestServer } from './server.test-support.js';

interface GqlResult<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

describe('GraphQL', () => {
  let t: TestServer;
  let base: string;
  let editor: { authorization: string };
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = editor): Promise<{ status: number; body: GqlResult<T> }> => {
    const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return { status: res.status, body: (await res.json()) as GqlResult<T> };
  };
  beforeEach(async () => {
    t = await startTestServer();
    base = await t.server.listen({ port: 0, host: '127.0.0.1' });
    editor = await loginAs(t.server, 'eve');
  });
  afterEach(async () => t.cleanup());

  it('saves demo 11, runs it, follows it by subscription, and reads its nested lineage', async () => {
    const document = JSON.parse(readFileSync(DEMO_11, 'utf8')) as unknown;
    const saved = await gql<{ saveWorkflow: { id: string; version: number } }>('mutation($d: JSON!) { saveWorkflow(document: $d) { id version } }', { d: document });
    expect(saved.body.errors).toBeUndefined();
    const workflowId = saved.body.data!.saveWorkflow.id;

    // Subscription over graphql-transport-ws on the same path, authenticated on upgrade.
    const ws = new WebSocket(`${base.replace('http', 'ws')}/graphql?token=${encodeURIComponent(editor.authorization.slice(7))}`, 'graphql-transport-ws');
    const events: Array<{ type: string; executionId: string; payload: { status?: string } }> = [];
    let ended!: () => void;
    const end = new Promise<void>((r) => (ended = r));
    let acked!: () => void;
    const ack = new Promise<void>((r) => (acked = r));
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString('utf8')) as { type: string; payload?: { data?: { executionEvents: { type: string; executionId: string; payload: { status?: string } } } } };
      if (m.type === 'connection_ack') acked();
      const event = m.payload?.data?.executionEvents;
      if (m.type === 'next' && event !== undefined) {
        events.push(event);
        if (event.type === 'execution:update' && event.payload.status !== 'running') ended();
      }
    });
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    ws.send(JSON.stringify({ type: 'connection_init' }));
    await ack;
    ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { executionEvents { id type executionId payload } }' } }));
    await new Promise((r) => setTimeout(r, 200));

    const run = await gql<{ runWorkflow: string }>('mutation($w: ID!) { runWorkflow(workflowId: $w) }', { w: workflowId });
    const executionId = run.body.data!.runWorkflow;
    await end;
    ws.close();
    expect(events.every((e) => e.executionId === executionId)).toBe(true);
    expect(events.at(-1)!.payload.status).toBe('succeeded');

    const read = await gql<{ execution: { status: string; nodes: Array<{ name: string; component: { parents: Array<{ name: string }>; upstream: Array<{ name: string; parents: Array<{ name: string }> }> } }> } }>(`
      query($id: ID!) { execution(id: $id) { status nodes { name component { parents { name } upstream(depth: 10) { name parents { name } } } } } }`, { id: executionId });
    expect(read.body.errors).toBeUndefined();
    const execution = read.body.data!.execution;
    expect(execution.status).toBe('succeeded');
    const answer = execution.nodes.find((n) => n.name === 'generate_response')!;
    expect(answer.component.parents.map((p) => p.name).sort()).toEqual(['retrieve_context', 'user_query']);
    expect(answer.component.upstream).toHaveLength(6);
    expect(answer.component.upstream.find((c) => c.name === 'store_vectors')!.parents.map((p) => p.name).sort()).toEqual(['create_embeddings', 'split_text']);
    const stats = await gql<{ statistics: { components: number } }>('{ statistics }');
    expect(stats.body.data!.statistics.components).toBe(7);
  });

  it('viewers may query but not mutate; no credentials is 401; errors carry their code', async () => {
    const viewer = await loginAs(t.server, 'vic');
    expect((await gql('{ workflows { total } }', {}, viewer)).body.data).toEqual({ workflows: { total: 0 } });
    const denied = await gql('mutation { runWorkflow(workflowId: "x") }', {}, viewer);
    expect(denied.body.errors![0]!.extensions!.code).toBe('ERR_FORBIDDEN');
    expect((await gql('{ workflows { total } }', {}, {})).status).toBe(401);
    const invalid = await gql('mutation($d: JSON!) { saveWorkflow(document: $d) { id } }', { d: { nodes: 'no' } });
    expect(invalid.body.errors![0]!.extensions!.code).toBe('ERR_VALIDATION');
    expect((await gql('{ execution(id: "nope") { status } }')).body.data).toEqual({ execution: null });
    const syntax = await gql('{ workflows { ');
    expect(syntax.status).toBe(400);
    const upgrade = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(upgrade).toBe(401);
  });
});
