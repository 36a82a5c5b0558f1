import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FileWorkflowStore } from '@twingraph/server';
import { openPostgresStores } from '@twingraph/store-sql';
import { describeWithService, workflowInput } from '@twingraph/testing';
import { EXIT } from './exit-codes.js';
import { REPO_ROOT, runCli, startServe, tempHome } from './cli-harness.test-support.js';

const POSTGRES_URL = process.env.TWINGRAPH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/twingraph_test';
const DEMO_1 = 'examples/demo-1-graph-tracing/pipeline.ts';

function postgresListening(): Promise<boolean> {
  const url = new URL(POSTGRES_URL);
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 5432), timeout: 2000 });
    const done = (up: boolean): void => {
      socket.destroy();
      resolve(up);
    };
    socket.once('connect', () => done(true)).once('error', () => done(false)).once('timeout', () => done(false));
  });
}

const json = async <T>(response: Promise<Response>): Promise<T> => (await (await response).json()) as T;
const send = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

interface JsonRun {
  runId: string;
  status: string;
  result: { sum: number; lastExecutionId: string; executions: { A: string } };
  executions: Array<{ executionId: string }>;
}

await describeWithService('postgres', postgresListening, 'twingraph CLI on a PostgreSQL store', () => {
  let home: string;
  let cleanup: () => void;
  let url: string;
  let schema: string;
  beforeEach(() => {
    ({ home, cleanup } = tempHome());
    schema = `cli_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    url = `${POSTGRES_URL}?schema=${schema}`;
  });
  afterEach(async () => {
    cleanup();
    const stores = await openPostgresStores(url);
    await stores.database.query('drop the test schema', `DROP SCHEMA "${schema}" CASCADE`);
    await stores.close();
  });

  it('runs demo 1 with --store postgres://…, then reads its lineage and runs back from PostgreSQL', async () => {
    const res = await runCli(['run', DEMO_1, '--input', 'seed=7', '--json', '--store', url], { home });
    expect(res.stderr).not.toContain('ERR_');
    expect(res.code).toBe(EXIT.OK);
    const run = JSON.parse(res.stdout) as JsonRun;
    expect(run.status).toBe('succeeded');
    expect(run.result.sum).toBe(4.14159);
    // Nothing went to the embedded SQLite store.
    expect(existsSync(join(home, 'twingraph.db'))).toBe(false);

    const lineage = await runCli(['lineage', run.result.lastExecutionId, '--format', 'json', '--store', url], { home });
    expect(lineage.stderr).toBe('');
    expect(lineage.code).toBe(EXIT.OK);
    const graph = JSON.parse(lineage.stdout) as { components: Array<{ executionId: string }> };
    expect(graph.components.map((c) => c.executionId)).toContain(run.result.executions.A);

    // TWINGRAPH_STORE works as the flag does.
    const list = await runCli(['runs', 'list', '--json'], { home, env: { TWINGRAPH_STORE: url } });
    expect(list.code).toBe(EXIT.OK);
    expect((JSON.parse(list.stdout) as Array<{ runId: string }>).map((r) => r.runId)).toEqual([run.runId]);

    // Every execution is in the database, as run records and as Component vertices.
    const stores = await openPostgresStores(url);
    try {
      const runGraph = await stores.lineageStore.getRunGraph(run.runId);
      expect(runGraph?.components.map((c) => c.executionId).sort()).toEqual(run.executions.map((e) => e.executionId).sort());
      expect((await stores.runStore.listNodes(run.runId)).length).toBe(run.executions.length);
      expect((await stores.runStore.getRun(run.runId))?.status).toBe('succeeded');
    } finally {
      await stores.close();
    }
  });

  it('keeps only the lineage in PostgreSQL with --graph postgres://… (runs stay in SQLite)', async () => {
    const res = await runCli(['run', DEMO_1, '--input', 'seed=3', '--json', '--graph', url], { home });
    expect(res.code).toBe(EXIT.OK);
    const run = JSON.parse(res.stdout) as JsonRun;
    expect(existsSync(join(home, 'twingraph.db'))).toBe(true);
    const stores = await openPostgresStores(url);
    try {
      expect((await stores.lineageStore.getRunGraph(run.runId))?.components).toHaveLength(run.executions.length);
      expect(await stores.runStore.getRun(run.runId)).toBeUndefined();
    } finally {
      await stores.close();
    }
    const lineage = await runCli(['lineage', run.result.lastExecutionId, '--format', 'json', '--graph', url], { home });
    expect(lineage.code).toBe(EXIT.OK);
    expect((JSON.parse(lineage.stdout) as { components: Array<{ executionId: string }> }).components.map((c) => c.executionId)).toContain(run.result.executions.A);
  });

  it('serves saved workflows and runs from PostgreSQL to two servers sharing it, importing the JSON files of earlier versions', async () => {
    // An earlier version kept saved workflows as JSON files under the home.
    const legacy = await new FileWorkflowStore({ dir: join(home, 'workflows') }).create(workflowInput('legacy', 1, { tags: ['old'] }));
    const other = tempHome();
    const first = await startServe(home, ['--store', url]);
    const second = await startServe(other.home, ['--store', url]);
    try {
      expect(existsSync(join(home, 'workflows.imported'))).toBe(true);
      const listed = await json<{ items: Array<{ id: string; name: string }> }>(fetch(`${second.base}/api/workflows`));
      expect(listed.items.map((w) => [w.id, w.name])).toEqual([[legacy.id, 'legacy']]);

      // Saved on one server, a new version saved on the other: one history.
      const document = JSON.parse(readFileSync(join(REPO_ROOT, 'examples/demo-11-designer-workflow/workflow.json'), 'utf8')) as { metadata: Record<string, unknown> };
      const saved = await json<{ id: string; version: number }>(fetch(`${first.base}/api/workflows`, send('POST', { document })));
      const changed = { ...document, metadata: { ...document.metadata, description: 'second version' } };
      const updated = await json<{ version: number }>(fetch(`${second.base}/api/workflows/${saved.id}`, send('PUT', { document: changed })));
      expect([saved.version, updated.version]).toEqual([1, 2]);
      const versions = await json<{ items: Array<{ version: number }> }>(fetch(`${first.base}/api/workflows/${saved.id}/versions`));
      expect(versions.items.map((v) => v.version)).toEqual([2, 1]);

      // A run started on one server, version 1, is read back on the other.
      const started = await fetch(`${first.base}/api/executions`, send('POST', { workflowId: saved.id, version: 1 }));
      expect(started.status).toBe(202);
      const { executionId } = (await started.json()) as { executionId: string };
      let run = { status: 'running' };
      for (let i = 0; i < 600 && !['succeeded', 'failed', 'cancelled'].includes(run.status); i++) {
        await new Promise((r) => setTimeout(r, 100));
        run = await json<{ status: string }>(fetch(`${first.base}/api/executions/${executionId}`));
      }
      expect(run.status).toBe('succeeded');
      const seen = await json<{ status: string; labels?: Record<string, string> }>(fetch(`${second.base}/api/executions/${executionId}`));
      expect(seen.status).toBe('succeeded');
      expect(JSON.stringify(seen)).toContain(saved.id);
    } finally {
      expect(await first.stop()).toBe(EXIT.OK);
      expect(await second.stop()).toBe(EXIT.OK);
      other.cleanup();
    }
  });

  it('exits with the store exit code and ERR_STORE_UNAVAILABLE when PostgreSQL is unreachable', async () => {
    const res = await runCli(['runs', 'list', '--store', 'postgres://postgres@127.0.0.1:1/twingraph_test'], { home });
    expect(res.code).toBe(EXIT.STORE);
    expect(res.stderr).toContain('ERR_STORE_UNAVAILABLE');
    expect(res.stderr).toMatch(/running and reachable/);
  });
});
