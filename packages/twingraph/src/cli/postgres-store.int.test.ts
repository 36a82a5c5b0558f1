import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openPostgresStores } from '@twingraph/store-sql';
import { describeWithService } from '@twingraph/testing';
import { EXIT } from './exit-codes.js';
import { runCli, tempHome } from './cli-harness.test-support.js';

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

  it('exits with the store exit code and ERR_STORE_UNAVAILABLE when PostgreSQL is unreachable', async () => {
    const res = await runCli(['runs', 'list', '--store', 'postgres://postgres@127.0.0.1:1/twingraph_test'], { home });
    expect(res.code).toBe(EXIT.STORE);
    expect(res.stderr).toContain('ERR_STORE_UNAVAILABLE');
    expect(res.stderr).toMatch(/running and reachable/);
  });
});
