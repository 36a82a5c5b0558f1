import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_11, loginAs, startTestServer, type TestServer } from './server.test-support.js';

/** A one-node workflow whose Python component sleeps (so it can be stopped) and logs a line first. */
function sleeper(name: string, seconds: number, tags: string[] = []): unknown {
  return {
    apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name, tags },
    nodes: [{
      id: 'nap', type: 'component', language: 'python', outputs: [{ name: 'slept', type: 'number' }],
      code: `import time\ndef process(inputs):\n    print('going to sleep', flush=True)\n    time.sleep(${seconds})\n    return {'slept': ${seconds}}\n`,
    }],
    edges: [],
  };
}

async function waitUntil<T>(fn: () => Promise<T>, ok: (value: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('workflows', () => {
  let t: TestServer;
  let editor: { authorization: string };
  beforeEach(async () => {
    t = await startTestServer();
    editor = await loginAs(t.server, 'eve');
  });
  afterEach(async () => t.cleanup());

  it('every save is a new immutable version; list pages and filters by tag; delete hides it', async () => {
    const app = t.server.app;
    const created = await app.inject({ method: 'POST', url: '/api/workflows', headers: editor, payload: { document: sleeper('a', 0, ['x']) } });
    const id = created.json<{ id: string }>().id;
    const updated = await app.inject({ method: 'PUT', url: `/api/workflows/${id}`, headers: editor, payload: { document: sleeper('a', 1, ['x']), tags: ['x', 'y'] } });
    expect(updated.json()).toMatchObject({ id, version: 2, latestVersion: 2, tags: ['x', 'y'] });
    expect((await app.inject({ method: 'GET', url: `/api/workflows/${id}?version=1`, headers: editor })).json()).toMatchObject({ version: 1, document: sleeper('a', 0, ['x']) });
    expect((await app.inject({ method: 'GET', url: `/api/workflows/${id}`, headers: editor })).json()).toMatchObject({ version: 2 });
    const versions = (await app.inject({ method: 'GET', url: `/api/workflows/${id}/versions`, headers: editor })).json<{ items: Array<{ version: number; hash: string; createdBy: string }> }>();
    expect(versions.items.map((v) => v.version)).toEqual([2, 1]);
    expect(versions.items[0]!.hash).not.toBe(versions.items[1]!.hash);
    expect(versions.items[0]!.createdBy).toBe('eve');

    await app.inject({ method: 'POST', url: '/api/workflows', headers: editor, payload: { document: sleeper('b', 0, ['z']) } });
    await app.inject({ method: 'POST', url: '/api/workflows', headers: editor, payload: { document: sleeper('c', 0, ['z']) } });
    const page = (await app.inject({ method: 'GET', url: '/api/workflows?page=2&size=2', headers: editor })).json<{ items: unknown[]; total: number; page: number }>();
    expect(page).toMatchObject({ total: 3, page: 2 });
    expect(page.items).toHaveLength(1);
    const tagged = (await app.inject({ method: 'GET', url: '/api/workflows?tag=z', headers: editor })).json<{ items: Array<{ name: string }> }>();
    expect(tagged.items.map((w) => w.name).sort()).toEqual(['b', 'c']);

    expect((await app.inject({ method: 'DELETE', url: `/api/workflows/${id}`, headers: editor })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/api/workflows/${id}`, headers: editor })).statusCode).toBe(404);
  });

  it('survives a restart of the store (JSON files written atomically)', async () => {
    const created = await t.server.app.inject({ method: 'POST', url: '/api/workflows', headers: editor, payload: { document: JSON.parse(readFileSync(DEMO_11, 'utf8')) } });
    const { FileWorkflowStore } = await import('./workflows/file-workflow-store.js');
    const reopened = new FileWorkflowStore({ dir: `${t.dir}/workflows` });
    expect(await reopened.get(created.json<{ id: string }>().id)).toMatchObject({ name: 'demo-11-designer-workflow', version: 1 });
  });
});

describe('executions', () => {
  let t: TestServer;
  let editor: { authorization: string };
  beforeEach(async () => {
    t = await startTestServer();
    editor = await loginAs(t.server, 'eve');
  });
  afterEach(async () => t.cleanup());

  const save = async (document: unknown): Promise<string> =>
    (await t.server.app.inject({ method: 'POST', url: '/api/workflows', headers: editor, payload: { document } })).json<{ id: string }>().id;

  it('stop really cancels the running component', async () => {
    const workflowId = await save(sleeper('long-nap', 30));
    // Engine events, not the run store: its writes are batched, a 'running' record may come late.
    const running = new Promise<void>((resolve) => t.engine.on((e) => { if (e.type === 'node.log') resolve(); }));
    const started = await t.server.app.inject({ method: 'POST', url: '/api/executions', headers: editor, payload: { workflowId } });
    expect(started.statusCode).toBe(202);
    const { executionId } = started.json<{ executionId: string }>();
    await running;
    const begin = Date.now();
    const stopped = await t.server.app.inject({ method: 'POST', url: `/api/executions/${executionId}/stop`, headers: editor });
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json()).toMatchObject({ status: 'cancelled' });
    expect(Date.now() - begin).toBeLessThan(10_000);
    const detail = (await t.server.app.inject({ method: 'GET', url: `/api/executions/${executionId}`, headers: editor })).json<{ active: boolean; nodes: Array<{ status: string }> }>();
    expect(detail.active).toBe(false);
    expect(detail.nodes[0]!.status).toBe('cancelled');
    const again = await t.server.app.inject({ method: 'POST', url: `/api/executions/${executionId}/stop`, headers: editor });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ERR_CONFLICT' });
  });

  it('an Idempotency-Key makes a retried request start one run', async () => {
    const workflowId = await save(sleeper('quick', 0));
    const post = () => t.server.app.inject({ method: 'POST', url: '/api/executions', headers: { ...editor, 'idempotency-key': 'retry-me' }, payload: { workflowId, inputs: {} } });
    const [a, b] = await Promise.all([post(), post()]);
    const c = await post();
    const ids = [a, b, c].map((r) => r.json<{ executionId: string }>().executionId);
    expect(new Set(ids).size).toBe(1);
    expect(c.json()).toMatchObject({ replayed: true });
    await waitUntil(() => t.engine.runStore.getRun(ids[0]!), (run) => run?.status === 'succeeded');
    const list = (await t.server.app.inject({ method: 'GET', url: `/api/executions?workflowId=${workflowId}`, headers: editor })).json<{ items: Array<{ runId: string; status: string }> }>();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ runId: ids[0], status: 'succeeded' });
    const filtered = (await t.server.app.inject({ method: 'GET', url: '/api/executions?status=failed', headers: editor })).json<{ items: unknown[] }>();
    expect(filtered.items).toHaveLength(0);
  });

  it('logs are paged by afterSeq', async () => {
    const workflowId = await save(sleeper('chatty', 0));
    const { executionId } = (await t.server.app.inject({ method: 'POST', url: '/api/executions', headers: editor, payload: { workflowId } })).json<{ executionId: string }>();
    await waitUntil(() => t.engine.runStore.getRun(executionId), (run) => run?.status === 'succeeded');
    const first = (await t.server.app.inject({ method: 'GET', url: `/api/executions/${executionId}/logs?limit=1`, headers: editor })).json<{ items: Array<{ line: string; seq: number }>; nextAfterSeq: number }>();
    expect(first.items).toHaveLength(1);
    const all = (await t.server.app.inject({ method: 'GET', url: `/api/executions/${executionId}/logs`, headers: editor })).json<{ items: Array<{ line: string }> }>();
    expect(all.items.map((l) => l.line)).toContain('going to sleep');
    const rest = (await t.server.app.inject({ method: 'GET', url: `/api/executions/${executionId}/logs?afterSeq=${first.nextAfterSeq}`, headers: editor })).json<{ items: unknown[] }>();
    expect(rest.items).toHaveLength(all.items.length - 1);
  });
});
