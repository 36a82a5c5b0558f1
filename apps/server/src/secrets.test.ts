import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EnvSecretResolver } from '@twingraph/core';
import { loginAs, startTestServer, type TestServer } from './server.test-support.js';

const SECRET = 'tok-9f8e7d6c5b4a';

/** A node that prints its secret env variable and echoes a plain input. */
const LEAKY = {
  apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'leaky' },
  nodes: [{
    id: 'print', type: 'component', language: 'bash', env: { API_TOKEN: '${secret:API_TOKEN}' },
    inputs: [{ name: 'note', type: 'string', default: 'none' }], outputs: [{ name: 'ok', type: 'boolean' }],
    code: 'echo "token is $API_TOKEN"\necho "note is $INPUT_NOTE"\necho \'::twingraph-outputs::{"ok":true}\'\n',
  }],
  edges: [],
};

describe('secrets through the API', () => {
  let t: TestServer;
  let base: string;
  let editor: { authorization: string };
  beforeEach(async () => {
    t = await startTestServer({}, { secrets: new EnvSecretResolver({ env: { TWINGRAPH_SECRET_API_TOKEN: SECRET } }) });
    base = await t.server.listen({ port: 0, host: '127.0.0.1' });
    editor = await loginAs(t.server, 'eve');
  });
  afterEach(async () => t.cleanup());

  it('a run whose component prints its secret shows *** in logs, REST, GraphQL and WebSocket frames; the graph holds the reference, not the value', async () => {
    const frames: string[] = [];
    const ws = new WebSocket(`${base.replace('http', 'ws')}/ws?token=${encodeURIComponent(editor.authorization.slice(7))}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const finished = new Promise<void>((resolve) => ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      frames.push(text);
      const message = JSON.parse(text) as { type: string; status?: string };
      if (message.type === 'execution:update' && message.status !== 'running') resolve();
    }));
    ws.send(JSON.stringify({ type: 'subscribe', all: true }));
    await new Promise<void>((resolve) => ws.once('message', () => resolve()));

    const saved = await t.server.app.inject({ method: 'POST', url: '/api/workflows', headers: editor, payload: { document: LEAKY } });
    const workflowId = saved.json<{ id: string }>().id;
    const started = await t.server.app.inject({ method: 'POST', url: '/api/executions', headers: editor, payload: { workflowId } });
    const { executionId } = started.json<{ executionId: string }>();
    await finished;
    ws.close();

    const execution = await t.server.app.inject({ method: 'GET', url: `/api/executions/${executionId}`, headers: editor });
    expect(execution.json<{ status: string }>().status).toBe('succeeded');
    const logs = await t.server.app.inject({ method: 'GET', url: `/api/executions/${executionId}/logs`, headers: editor });
    const lines = logs.json<{ items: Array<{ line: string }> }>().items.map((l) => l.line);
    expect(lines).toContain('token is ***');
    const graph = await t.server.app.inject({ method: 'GET', url: `/api/graph/execution/${executionId}`, headers: editor });
    const gql = await t.server.app.inject({ method: 'POST', url: '/graphql', headers: editor, payload: { query: `{ execution(id: "${executionId}") { executionId status nodes { name inputs outputs } } }` } });
    const workflow = await t.server.app.inject({ method: 'GET', url: `/api/workflows/${workflowId}`, headers: editor });

    expect(gql.json<{ data?: { execution?: { status: string } } }>().data?.execution?.status).toBe('succeeded');
    for (const body of [execution.body, logs.body, graph.body, gql.body, ...frames]) expect(body).not.toContain(SECRET);
    expect(frames.join('\n')).toContain('token is ***');
    // The workflow document and the stores keep the reference text; the stored graph holds no value.
    expect(workflow.body).toContain('${secret:API_TOKEN}');
    const stored = JSON.stringify({
      graph: await t.engine.lineageStore!.getRunGraph(executionId),
      run: await t.engine.runStore.getRun(executionId),
      nodes: await t.engine.runStore.listNodes(executionId),
      logs: await t.engine.runStore.getLogs(executionId),
    });
    expect(stored).not.toContain(SECRET);
    expect(stored).toContain('token is ***');
  });

  it('once resolved, the value is masked in responses even where a user typed it as a plain input', async () => {
    const workflowId = (await t.server.app.inject({ method: 'POST', url: '/api/workflows', headers: editor, payload: { document: LEAKY } })).json<{ id: string }>().id;
    const run = async (inputs: Record<string, unknown>): Promise<string> => {
      const { executionId } = (await t.server.app.inject({ method: 'POST', url: '/api/executions', headers: editor, payload: { workflowId, inputs } })).json<{ executionId: string }>();
      for (let i = 0; i < 200 && t.server.executions.isActive(executionId); i++) await new Promise((r) => setTimeout(r, 25));
      return executionId;
    };
    await run({});
    const executionId = await run({ note: SECRET });
    const body = (await t.server.app.inject({ method: 'GET', url: `/api/executions/${executionId}`, headers: editor })).body;
    expect(body).not.toContain(SECRET);
    expect(body).toContain('"note":"***"');
    const logs = (await t.server.app.inject({ method: 'GET', url: `/api/executions/${executionId}/logs`, headers: editor })).body;
    expect(logs).toContain('note is ***');
  });

  it('a reference to an undefined secret fails the node with ERR_SECRET_NOT_FOUND, readable over REST', async () => {
    const doc = { ...LEAKY, metadata: { name: 'missing' }, nodes: [{ ...LEAKY.nodes[0]!, env: { API_TOKEN: '${secret:NOT_SET}' } }] };
    const workflowId = (await t.server.app.inject({ method: 'POST', url: '/api/workflows', headers: editor, payload: { document: doc } })).json<{ id: string }>().id;
    const { executionId } = (await t.server.app.inject({ method: 'POST', url: '/api/executions', headers: editor, payload: { workflowId } })).json<{ executionId: string }>();
    let body: { status: string; nodes: Array<{ error?: { code: string; message: string } }> } | undefined;
    for (let i = 0; i < 100; i++) {
      body = (await t.server.app.inject({ method: 'GET', url: `/api/executions/${executionId}`, headers: editor })).json();
      if (body!.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(body!.status).toBe('failed');
    expect(body!.nodes[0]!.error).toMatchObject({ code: 'ERR_SECRET_NOT_FOUND' });
    expect(body!.nodes[0]!.error!.message).toContain('NOT_SET');
  });
});
