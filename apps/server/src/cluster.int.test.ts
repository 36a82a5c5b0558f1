import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDefaultRuntimes, createEngine, LocalExecutor, type Engine } from '@twingraph/core';
import type { WsServerMessage } from '@twingraph/protocol';
import { BullMqJobQueue, collectQueueMetrics } from '@twingraph/queue-bullmq';
import { createSqliteStores, createSqliteWorkflowStore, type SqliteStores } from '@twingraph/store-sql';
import { describeWithService } from '@twingraph/testing';
import { RedisCluster } from './cluster/redis-cluster.js';
import { createServer, type TwinGraphServer } from './create-server.js';

const REDIS = process.env['TWINGRAPH_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

async function redisUp(): Promise<boolean> {
  const redis = new Redis(REDIS, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } finally {
    redis.disconnect();
  }
}

interface Instance { server: TwinGraphServer; engine: Engine; stores: SqliteStores; base: string }

const bash = (id: string, code: string, inputs: unknown[] = []): Record<string, unknown> => ({ id, type: 'component', language: 'bash', inputs, outputs: [{ name: 'n', type: 'number' }], code });
const FOLLOWED = {
  apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'cluster-followed' },
  nodes: [
    bash('a', 'for i in 1 2 3; do echo "a line $i"; sleep 0.2; done\necho \'::twingraph-outputs::{"n":1}\''),
    bash('b', 'echo "b got $INPUT_N"\necho "::twingraph-outputs::{\\"n\\":$((INPUT_N + 1))}"', [{ name: 'n', type: 'number', required: true }]),
  ],
  edges: [{ source: 'a', sourceHandle: 'n', target: 'b', targetHandle: 'n' }],
};
const LONG = { apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'cluster-long' }, nodes: [bash('sleepy', 'echo started\nsleep 60')], edges: [] };

await describeWithService('redis', redisUp, 'two server instances on one store and one Redis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-cluster-'));
  const prefix = `tg-test-${randomUUID()}`;
  const instances: Instance[] = [];

  async function instance(name: string): Promise<Instance> {
    // Both instances open the same SQLite file: a shared store, as PostgreSQL would be.
    const stores = createSqliteStores(join(dir, 'shared.db'));
    const engine = createEngine({ executors: [new LocalExecutor({ runtimes: createDefaultRuntimes({ cacheDir: join(dir, 'build') }) })], runStore: stores.runStore, lineageStore: stores.lineageStore });
    const server = await createServer({
      engine, workflowStore: createSqliteWorkflowStore(stores.database), logger: false, auth: { mode: 'off' },
      cluster: { redis: REDIS, prefix, instanceId: name, leaseTtlMs: 3_000 },
    });
    const created = { server, engine, stores, base: await server.listen({ port: 0, host: '127.0.0.1' }) };
    instances.push(created);
    return created;
  }

  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    a = await instance('a');
    b = await instance('b');
  });
  afterAll(async () => {
    for (const i of instances.reverse()) {
      await i.server.close();
      await i.engine.close();
      await i.stores.close();
    }
    const redis = new Redis(REDIS);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });
  const sockets: WebSocket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  async function post<T>(base: string, path: string, body: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as T;
  }

  it('a run started on A is visible on B and followed over B\'s WebSocket to the end, in order', async () => {
    const ws = new WebSocket(`${b.base.replace('http', 'ws')}/ws`);
    sockets.push(ws);
    const received: WsServerMessage[] = [];
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const ended = new Promise<void>((resolve) => ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as WsServerMessage;
      received.push(message);
      if (message.type === 'execution:update' && message.status !== 'running') resolve();
    }));
    ws.send(JSON.stringify({ type: 'subscribe', all: true }));
    const { id: workflowId } = await post<{ id: string }>(a.base, '/api/workflows', { document: FOLLOWED });
    const { executionId } = await post<{ executionId: string }>(a.base, '/api/executions', { workflowId });
    expect(a.server.executions.isActive(executionId)).toBe(true);
    await ended;

    const events = received.filter((m): m is Extract<WsServerMessage, { executionId: string; id: number }> => 'executionId' in m && 'id' in m && m.executionId === executionId);
    const kinds = events.map((e) => (e.type === 'node:status' ? `${e.name}:${e.status}` : e.type === 'node:log' ? `${e.name}:log:${e.line}` : e.type));
    expect(kinds[0]).toBe('execution:update');
    expect(kinds).toEqual(expect.arrayContaining(['a:log:a line 1', 'a:log:a line 3', 'b:log:b got 1', 'a:succeeded', 'b:succeeded', 'graph:update']));
    // In the order A's engine emitted them.
    expect(kinds.indexOf('a:log:a line 1')).toBeLessThan(kinds.indexOf('a:log:a line 3'));
    expect(kinds.indexOf('a:log:a line 3')).toBeLessThan(kinds.indexOf('a:succeeded'));
    expect(kinds.indexOf('a:succeeded')).toBeLessThan(kinds.indexOf('b:running'));
    expect(kinds.at(-1)).toBe('execution:update');
    const detail = (await (await fetch(`${b.base}/api/executions/${executionId}`)).json()) as { status: string; nodes: Array<{ name: string; outputs?: { n: number } }> };
    expect(detail.status).toBe('succeeded');
    expect(detail.nodes.find((n) => n.name === 'b')!.outputs).toEqual({ n: 2 });
  }, 60_000);

  it('a stop sent to B reaches A, which drives the run; B shows it active while it runs', async () => {
    const { id: workflowId } = await post<{ id: string }>(a.base, '/api/workflows', { document: LONG });
    const { executionId } = await post<{ executionId: string }>(a.base, '/api/executions', { workflowId });
    const seen = async (): Promise<{ status?: string; active?: boolean; nodes?: Array<{ status: string }> }> => (await fetch(`${b.base}/api/executions/${executionId}`)).json() as Promise<{ status?: string; active?: boolean; nodes?: Array<{ status: string }> }>;
    for (let i = 0; i < 200; i++) {
      const detail = await seen();
      if (detail.status === 'running' && detail.active === true) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await seen()).active).toBe(true);
    expect(b.server.executions.isActive(executionId)).toBe(false);
    const started = Date.now();
    const stopped = await post<{ status: string }>(b.base, `/api/executions/${executionId}/stop`, {});
    expect(stopped.status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(a.server.executions.isActive(executionId)).toBe(false);
    const after = await seen();
    expect(after.active).toBe(false);
    expect(after.nodes![0]!.status).toBe('cancelled');
  }, 60_000);

  it('a run whose instance died (no lease) is adopted and resumed by exactly one live instance', async () => {
    const { id: workflowId } = await post<{ id: string }>(a.base, '/api/workflows', { document: LONG });
    // What a dead instance leaves behind: the run 'running' in the shared store, started a while ago, no lease.
    const runId = `dead-${randomUUID()}`;
    await a.stores.runStore.write([{ kind: 'run', run: {
      runId, pipeline: 'cluster-long', version: 'v', status: 'running', startedAt: new Date(Date.now() - 60_000).toISOString(),
      source: `workflow:${workflowId}@1`, labels: { 'twingraph.workflowId': workflowId, 'twingraph.workflowVersion': '1' },
    } }]);
    const deadline = Date.now() + 15_000;
    while (!a.server.executions.isActive(runId) && !b.server.executions.isActive(runId)) {
      if (Date.now() > deadline) throw new Error('no instance adopted the run');
      await new Promise((r) => setTimeout(r, 100));
    }
    // One owner, and it stays one across further adoption rounds.
    await new Promise((r) => setTimeout(r, 3_500));
    expect([a, b].filter((i) => i.server.executions.isActive(runId))).toHaveLength(1);
    const stopped = await post<{ status: string }>(b.base, `/api/executions/${runId}/stop`, {});
    expect(stopped.status).toBe('cancelled');
  }, 60_000);

  it('a schedule set on A ticks once per tick across both instances; deleting it on B stops it on A too', async () => {
    const QUICK = { apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'cluster-scheduled' }, nodes: [bash('tick', 'echo tick')], edges: [] };
    const { id: workflowId } = await post<{ id: string }>(a.base, '/api/workflows', { document: QUICK });
    const put = await fetch(`${a.base}/api/workflows/${workflowId}/schedule`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cron: '* * * * * *' }) });
    expect(put.status).toBe(200);
    await new Promise((r) => setTimeout(r, 3_300));
    expect((await fetch(`${b.base}/api/workflows/${workflowId}/schedule`, { method: 'DELETE' })).status).toBe(204);
    await new Promise((r) => setTimeout(r, 1_500));
    const list = async (): Promise<Array<{ runId: string; startedAt: string }>> => ((await (await fetch(`${b.base}/api/executions?workflowId=${workflowId}&limit=100`)).json()) as { items: Array<{ runId: string; startedAt: string }> }).items;
    const runs = await list();
    // One run per second that passed (both instances' timers fire; one claims each tick), none after the delete.
    // (Bounds loose for a loaded machine: timers may fire late, never twice for one tick.)
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThanOrEqual(5);
    expect(new Set(runs.map((r) => r.startedAt.slice(0, 19))).size).toBe(runs.length);
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await list()).length).toBe(runs.length);
  }, 30_000);

  it('an Idempotency-Key retried on another instance (or sent to both at once) starts one run', async () => {
    const { id: workflowId } = await post<{ id: string }>(a.base, '/api/workflows', { document: FOLLOWED });
    const send = async (base: string, key: string): Promise<{ executionId: string; replayed?: boolean }> => {
      const res = await fetch(`${base}/api/executions`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ workflowId }) });
      expect(res.status).toBe(202);
      return (await res.json()) as { executionId: string; replayed?: boolean };
    };
    const first = await send(a.base, `retry-${randomUUID()}`);
    const key = `both-${randomUUID()}`;
    const [onA, onB] = await Promise.all([send(a.base, key), send(b.base, key)]);
    expect(onA.executionId).toBe(onB.executionId);
    expect([onA.replayed, onB.replayed].filter((r) => r === true)).toHaveLength(1);
    const retryKey = `retry-${randomUUID()}`;
    const original = await send(a.base, retryKey);
    const retried = await send(b.base, retryKey);
    expect(retried).toEqual({ executionId: original.executionId, replayed: true });
    expect(first.executionId).not.toBe(original.executionId);
    const runs = ((await (await fetch(`${b.base}/api/executions?workflowId=${workflowId}&limit=100`)).json()) as { items: unknown[] }).items;
    expect(runs).toHaveLength(3);
  }, 30_000);

  it('a lease renewal finds another instance holding the run and reports it; a lapsed lease is taken back', async () => {
    const engine = createEngine();
    const cluster = await RedisCluster.connect(engine, { redis: REDIS, prefix, instanceId: 'renewer', leaseTtlMs: 600 });
    const redis = new Redis(REDIS);
    try {
      const lost: string[] = [];
      cluster.onLostLease = (runId) => lost.push(runId);
      cluster.own('r-taken', true);
      cluster.own('r-lapsed', true);
      await new Promise((r) => setTimeout(r, 100));
      expect(await cluster.owner('r-taken')).toBe('renewer');
      await redis.set(`${prefix}:run-owner:r-taken`, 'someone-else', 'PX', 60_000);
      await redis.del(`${prefix}:run-owner:r-lapsed`);
      await new Promise((r) => setTimeout(r, 500));
      expect(lost).toEqual(['r-taken']);
      expect(await cluster.owner('r-taken')).toBe('someone-else');
      expect(await cluster.owner('r-lapsed')).toBe('renewer');
      cluster.own('r-lapsed', false);
      await new Promise((r) => setTimeout(r, 100));
      expect(await cluster.owner('r-lapsed')).toBeNull();
    } finally {
      await cluster.close();
      redis.disconnect();
      await engine.close();
    }
  });

  it('/health checks the cluster\'s Redis on every instance', async () => {
    const health = (await (await fetch(`${b.base}/health`)).json()) as { status: string; checks: Record<string, { status: string }> };
    expect(health.status).toBe('ok');
    expect(health.checks['cluster']!.status).toBe('ok');
  });

  it('an instance whose Redis is unreachable refuses to start, naming it', async () => {
    const engine = createEngine();
    try {
      await expect(createServer({ engine, workflowStore: createSqliteWorkflowStore(':memory:'), logger: false, auth: { mode: 'off' }, cluster: { redis: 'redis://127.0.0.1:1', prefix } })).rejects.toThrow(/Cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    } finally {
      await engine.close();
    }
  });
});

await describeWithService('redis', redisUp, '/health with the job queue on Redis (serve --redis)', () => {
  it('the queue check is green with Redis up, and /health is 503 naming the queue check when Redis is unreachable', async () => {
    for (const [url, expected] of [[REDIS, 200], ['redis://127.0.0.1:1', 503]] as const) {
      // As `twingraph serve --redis` wires it: a BullMQ queue connection read by collectQueueMetrics.
      const queue = new BullMqJobQueue({ connection: url });
      const engine = createEngine();
      const server = await createServer({ engine, workflowStore: createSqliteWorkflowStore(':memory:'), logger: false, auth: { mode: 'off' }, queueProbe: () => collectQueueMetrics(queue, [`tg-health-${randomUUID()}`]) });
      try {
        const res = await server.app.inject({ method: 'GET', url: '/health' });
        const body = res.json<{ status: string; failed?: string[]; checks: Record<string, { status: string; error?: string }> }>();
        expect(res.statusCode, JSON.stringify(body)).toBe(expected);
        if (expected === 200) {
          expect(body.checks['queue']!.status).toBe('ok');
        } else {
          expect(body.failed).toEqual(['queue']);
          expect(body.checks['queue']!.status).toBe('fail');
          expect(body.checks['queue']!.error).toBeTruthy();
        }
      } finally {
        await server.close();
        await engine.close();
        await queue.close().catch(() => undefined);
      }
    }
  }, 30_000);
});
