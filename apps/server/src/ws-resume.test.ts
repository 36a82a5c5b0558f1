import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WsEvent, WsServerMessage } from '@twingraph/protocol';
import { loginAs, startTestServer, type TestServer } from './server.test-support.js';

/** Three nodes in a chain, each printing lines, so a run has many events. */
const CHAIN = {
  apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'chain' },
  nodes: ['a', 'b', 'c'].map((id) => ({
    id, type: 'component', language: 'python', inputs: id === 'a' ? [] : [{ name: 'n', type: 'number', required: true }], outputs: [{ name: 'n', type: 'number' }],
    code: `def process(inputs):\n    for i in range(3):\n        print('${id}', i, flush=True)\n    return {'n': inputs.get('n', 0) + 1}\n`,
  })),
  edges: [{ source: 'a', sourceHandle: 'n', target: 'b', targetHandle: 'n' }, { source: 'b', sourceHandle: 'n', target: 'c', targetHandle: 'n' }],
};

function open(url: string): Promise<{ ws: WebSocket; messages: WsServerMessage[]; next(p: (m: WsServerMessage) => boolean): Promise<WsServerMessage> }> {
  const ws = new WebSocket(url);
  const messages: WsServerMessage[] = [];
  const waiters: Array<[(m: WsServerMessage) => boolean, (m: WsServerMessage) => void]> = [];
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString('utf8')) as WsServerMessage;
    messages.push(m);
    for (const w of waiters.splice(0)) {
      if (w[0](m)) w[1](m);
      else waiters.push(w);
    }
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({
      ws, messages,
      next: (p) => {
        const seen = messages.find(p);
        return seen !== undefined ? Promise.resolve(seen) : new Promise((r) => waiters.push([p, r]));
      },
    }));
    ws.once('error', reject);
  });
}

const isEvent = (m: WsServerMessage): m is WsEvent => 'id' in m && typeof m.id === 'number';

describe('WebSocket', () => {
  let t: TestServer;
  let url: string;
  let editor: { authorization: string };
  beforeEach(async () => {
    t = await startTestServer();
    const base = await t.server.listen({ port: 0, host: '127.0.0.1' });
    editor = await loginAs(t.server, 'eve');
    url = `${base.replace('http', 'ws')}/ws?token=${encodeURIComponent(editor.authorization.slice(7))}`;
  });
  afterEach(async () => t.cleanup());

  it('a reconnect with resumeFrom replays the missed events with no gap and no duplicate', async () => {
    const workflowId = (await t.server.app.inject({ method: 'POST', url: '/api/workflows', headers: editor, payload: { document: CHAIN } })).json<{ id: string }>().id;
    const { executionId } = (await t.server.app.inject({ method: 'POST', url: '/api/executions', headers: editor, payload: { workflowId } })).json<{ executionId: string }>();

    const first = await open(url);
    first.ws.send(JSON.stringify({ type: 'subscribe', executionId, resumeFrom: 0 }));
    // Drop the connection after the first node's log lines, mid-run.
    const cut = await first.next((m) => m.type === 'node:log');
    first.ws.close();
    const lastSeen = (cut as WsEvent).id;
    const before = first.messages.filter(isEvent).filter((e) => e.id <= lastSeen);

    const second = await open(url);
    second.ws.send(JSON.stringify({ type: 'subscribe', executionId, resumeFrom: lastSeen }));
    await second.next((m) => m.type === 'execution:update' && m.status !== 'running');
    second.ws.close();
    const after = second.messages.filter(isEvent);

    const all = [...before, ...after];
    const ids = all.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // Exactly the hub's events of this run, none missing.
    const expected = t.server.hub.since(0)!.filter((e) => e.executionId === executionId).map((e) => e.id);
    expect(ids).toEqual(expected);
    expect(all.filter((e) => e.type === 'node:log')).toHaveLength(9);
    expect(all[0]).toMatchObject({ type: 'execution:update', status: 'running' });
    expect(all.at(-1)).toMatchObject({ type: 'execution:update', status: 'succeeded' });
  });

  it('unsubscribe stops delivery; bad messages get an error; a resume older than the buffer reports the gap', async () => {
    await t.cleanup();
    t = await startTestServer({ eventBufferSize: 3 });
    const base = await t.server.listen({ port: 0, host: '127.0.0.1' });
    editor = await loginAs(t.server, 'eve');
    url = `${base.replace('http', 'ws')}/ws?token=${encodeURIComponent(editor.authorization.slice(7))}`;
    const socket = await open(url);
    socket.ws.send('not json');
    expect(await socket.next((m) => m.type === 'error')).toMatchObject({ error: { code: 'ERR_BAD_REQUEST' } });
    socket.ws.send(JSON.stringify({ type: 'subscribe' }));
    socket.ws.send(JSON.stringify({ type: 'subscribe', all: true }));
    await socket.next((m) => m.type === 'subscribed');

    const workflowId = (await t.server.app.inject({ method: 'POST', url: '/api/workflows', headers: editor, payload: { document: CHAIN } })).json<{ id: string }>().id;
    await t.server.app.inject({ method: 'POST', url: '/api/executions', headers: editor, payload: { workflowId } });
    await socket.next((m) => m.type === 'execution:update' && m.status === 'succeeded');
    socket.ws.send(JSON.stringify({ type: 'unsubscribe', all: true }));
    await socket.next((m) => m.type === 'unsubscribed');
    const count = socket.messages.length;
    await t.server.app.inject({ method: 'POST', url: '/api/executions', headers: editor, payload: { workflowId } });
    await new Promise((r) => setTimeout(r, 1500));
    socket.ws.send(JSON.stringify({ type: 'ping' }));
    await socket.next((m) => m.type === 'pong');
    expect(socket.messages.slice(count).map((m) => m.type)).toEqual(['pong']);

    socket.ws.send(JSON.stringify({ type: 'subscribe', all: true, resumeFrom: 1 }));
    expect(await socket.next((m) => m.type === 'error' && !('id' in m) && m.error.code === 'ERR_RESUME_GAP')).toMatchObject({ error: { details: { oldestId: t.server.hub.oldestId } } });
    socket.ws.close();
  });
});
