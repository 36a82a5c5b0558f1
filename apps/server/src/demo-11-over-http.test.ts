import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WsEvent, WsServerMessage } from '@twingraph/protocol';
import { DEMO_11, startTestServer, type TestServer } from './server.test-support.js';

/** Collects a socket's messages and lets a test wait for one that matches. */
function follow(url: string): { ws: WebSocket; messages: WsServerMessage[]; opened: Promise<void>; waitFor(p: (m: WsServerMessage) => boolean, ms?: number): Promise<WsServerMessage> } {
  const ws = new WebSocket(url);
  const messages: WsServerMessage[] = [];
  const waiters: Array<{ p: (m: WsServerMessage) => boolean; resolve: (m: WsServerMessage) => void }> = [];
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as WsServerMessage;
    messages.push(message);
    for (const waiter of waiters.splice(0)) {
      if (waiter.p(message)) waiter.resolve(message);
      else waiters.push(waiter);
    }
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws, messages, opened,
    waitFor(p, ms = 30_000) {
      const seen = messages.find(p);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(messages.map((m) => m.type))}`)), ms);
        waiters.push({ p, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    },
  };
}

describe('demo 11 through HTTP only', () => {
  let t: TestServer;
  let base: string;
  let headers: Record<string, string>;
  beforeEach(async () => {
    t = await startTestServer();
    base = await t.server.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${base}/api/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'eve', password: 'eve-pass' }) });
    expect(login.status).toBe(200);
    headers = { authorization: `Bearer ${((await login.json()) as { token: string }).token}`, 'content-type': 'application/json' };
  });
  afterEach(async () => t.cleanup());

  it('saves demo 11, runs it, follows it over WebSocket to the end, reads its lineage and sees it in /metrics', async () => {
    const document = JSON.parse(readFileSync(DEMO_11, 'utf8')) as unknown;
    const saved = await fetch(`${base}/api/workflows`, { method: 'POST', headers, body: JSON.stringify({ document }) });
    expect(saved.status).toBe(201);
    const workflow = (await saved.json()) as { id: string; version: number; tags: string[] };
    expect(workflow.version).toBe(1);
    expect(workflow.tags).toEqual(['demo', 'rag']);

    const token = headers['authorization']!.slice('Bearer '.length);
    const socket = follow(`${base.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`);
    await socket.opened;
    socket.ws.send(JSON.stringify({ type: 'subscribe', all: true }));
    await socket.waitFor((m) => m.type === 'subscribed');

    const started = await fetch(`${base}/api/executions`, { method: 'POST', headers, body: JSON.stringify({ workflowId: workflow.id }) });
    expect(started.status).toBe(202);
    const { executionId } = (await started.json()) as { executionId: string };

    const end = await socket.waitFor((m) => m.type === 'execution:update' && m.executionId === executionId && m.status !== 'running', 60_000);
    expect(end).toMatchObject({ status: 'succeeded' });
    socket.ws.close();
    const events = socket.messages.filter((m): m is WsEvent => 'id' in m && typeof m.id === 'number' && m.executionId === executionId);
    // In order, ids strictly increasing, from the start of the run to its end.
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
    expect(events[0]).toMatchObject({ type: 'execution:update', status: 'running' });
    expect(events.at(-1)).toBe(end);
    expect(events.at(-2)).toMatchObject({ type: 'graph:update', executionId });
    const finalStatuses = events.filter((e) => e.type === 'node:status' && e.status === 'succeeded').map((e) => (e as { name: string }).name).sort();
    expect(finalStatuses).toEqual(['create_embeddings', 'generate_response', 'load_documents', 'retrieve_context', 'split_text', 'store_vectors', 'user_query']);

    const execution = (await (await fetch(`${base}/api/executions/${executionId}`, { headers })).json()) as { status: string; labels: Record<string, string>; nodes: Array<{ name: string; status: string; attempts: unknown[]; outputs?: Record<string, unknown>; platform: string }> };
    expect(execution.status).toBe('succeeded');
    expect(execution.labels['twingraph.workflowId']).toBe(workflow.id);
    expect(execution.labels['twingraph.workflowVersion']).toBe('1');
    expect(execution.nodes).toHaveLength(7);
    const embeddings = execution.nodes.find((n) => n.name === 'create_embeddings')!;
    expect(embeddings.platform).toBe('docker');
    expect(embeddings.attempts.length).toBeGreaterThan(0);
    expect(String(execution.nodes.find((n) => n.name === 'generate_response')!.outputs?.['response'])).toContain('lineage graph');

    const graph = (await (await fetch(`${base}/api/graph/execution/${executionId}`, { headers })).json()) as { components: Array<{ name: string; hash: string }>; edges: Array<{ label: string }> };
    expect(graph.components).toHaveLength(7);
    expect(graph.edges.filter((e) => e.label === 'DEPENDS_ON')).toHaveLength(8);
    const answer = graph.components.find((c) => c.name === 'generate_response')!;
    const lineage = (await (await fetch(`${base}/api/graph/component/${answer.hash}?max_depth=10`, { headers })).json()) as { upstream: { components: unknown[] } };
    expect(lineage.upstream.components).toHaveLength(7);
    const stats = (await (await fetch(`${base}/api/graph/statistics`, { headers })).json()) as { components: number; pipelines: number };
    expect(stats).toMatchObject({ components: 7, pipelines: 1 });
    const search = (await (await fetch(`${base}/api/graph/search?platform=docker&status=succeeded`, { headers })).json()) as { items: Array<{ name: string }> };
    expect(search.items.map((c) => c.name)).toEqual(['create_embeddings']);
    const componentMetrics = (await (await fetch(`${base}/api/metrics/components/split_text`, { headers })).json()) as { count: number; successRate: number; durationMs: { p50: number } };
    expect(componentMetrics).toMatchObject({ count: 1, successRate: 1 });
    expect(componentMetrics.durationMs.p50).toBeGreaterThanOrEqual(0);

    const metrics = await (await fetch(`${base}/metrics`, { headers })).text();
    expect(metrics).toMatch(/twingraph_component_executions_total\{component="create_embeddings",platform="docker",status="succeeded"\} 1/);
    expect(metrics).toMatch(/twingraph_execution_duration_seconds_count\{component="generate_response",platform="local"\} 1/);
    expect(metrics).toMatch(/twingraph_http_requests_total\{method="POST",route="\/api\/executions",status="202"\} 1/);

    const logs = (await (await fetch(`${base}/api/executions/${executionId}/logs?limit=2`, { headers })).json()) as { items: unknown[]; nextAfterSeq: number };
    expect(Array.isArray(logs.items)).toBe(true);
  });
});
