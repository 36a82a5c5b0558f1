import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { GremlinLineageStore } from '@twingraph/store-gremlin';
import { createSqliteStores, type SqliteStores } from '@twingraph/store-sql';
import { describeWithService } from '@twingraph/testing';
import { importGraphson } from './graphson-import.js';
import { exportGraphson } from './graphson-writer.js';
import { snapshot, transferFixture } from './graph-transfer.test-support.js';
import { gremlinAvailable, TEST_GREMLIN_URL } from '@twingraph/store-gremlin/test-support';

// The local server (scripts/services/gremlin.sh) also answers Gremlin over HTTP on the same port.
const GREMLIN_HTTP = TEST_GREMLIN_URL.replace(/^(gremlin|ws):/, 'http:').replace(/\/gremlin$/, '');

/** Runs a Gremlin script on the server's HTTP endpoint: how a Gremlin user would load the file. */
async function gremlinScript(script: string, bindings: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(GREMLIN_HTTP, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ gremlin: script, bindings }) });
  const body = (await response.json()) as { status: { code: number; message: string }; result: unknown };
  if (response.status !== 200) throw new Error(`Gremlin Server: ${body.status.message}`);
  return body.result;
}

await describeWithService('gremlin', gremlinAvailable, 'GraphSON between SQLite and Gremlin Server', () => {
  let dir: string;
  let sqlite: SqliteStores[];
  let gremlin: GremlinLineageStore[];
  const openSqlite = (name: string): SqliteStores => {
    const s = createSqliteStores(join(dir, `${name}.db`));
    sqlite.push(s);
    return s;
  };
  const openGremlin = (partition = `test-${randomUUID()}`): GremlinLineageStore => {
    const store = new GremlinLineageStore({ url: TEST_GREMLIN_URL, partition });
    gremlin.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'twingraph-graphson-'));
    sqlite = [];
    gremlin = [];
  });
  afterEach(async () => {
    for (const store of gremlin) {
      await store.clear({ all: true });
      await store.close();
    }
    for (const s of sqlite) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SQLite → GraphSON → Gremlin Server → GraphSON → SQLite yields the same graph', async () => {
    const source = openSqlite('source').lineageStore;
    await source.write(transferFixture());
    await exportGraphson(source, join(dir, 'from-sqlite.json'));
    const graph = openGremlin();
    expect(await importGraphson(graph, join(dir, 'from-sqlite.json'))).toEqual({ pipelines: 2, components: 9, edges: 19 });
    expect(await graph.statistics()).toEqual(await source.statistics());
    await exportGraphson(graph, join(dir, 'from-gremlin.json'));
    const target = openSqlite('target').lineageStore;
    await importGraphson(target, join(dir, 'from-gremlin.json'));
    expect(await snapshot(target)).toEqual(await snapshot(source));
    expect(await snapshot(graph)).toEqual(await snapshot(source));
  });

  it('writes a file Gremlin Server itself loads with g.io(file).read(), into what GremlinLineageStore reads', async () => {
    const source = openSqlite('source').lineageStore;
    await source.write(transferFixture());
    const partition = `test-${randomUUID()}`;
    const file = join(dir, 'for-g-io.json');
    await exportGraphson(source, file, { partition });
    const loaded = openGremlin(partition);
    await gremlinScript('g.io(file).with(IO.reader, IO.graphson).read().iterate()', { file });
    expect(await loaded.statistics()).toEqual(await source.statistics());
    expect(await snapshot(loaded)).toEqual(await snapshot(source));
    expect((await loaded.getUpstream('run-1:reuse')).components.map((c) => c.executionId).sort()).toEqual(['run-1:bottom', 'run-1:left', 'run-1:reuse', 'run-1:right', 'run-1:top']);
    expect(await gremlinScript("g.V().has('tg_partition', p).count()", { p: partition })).toMatchObject({ data: { '@value': [{ '@value': 11 }] } });
  });
});
