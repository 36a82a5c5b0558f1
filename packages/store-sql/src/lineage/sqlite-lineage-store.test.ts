import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, TwinGraphError, type LineageWrite } from '@twingraph/model';
import { buildChain, buildDiamond, componentIds, componentWrite, makeComponentVertex, makeRunRecord } from '@twingraph/testing';
import { createSqliteStores, type SqliteStores } from '../create-sqlite-stores.js';
import { createTempDatabase, type TempDatabase } from '../temp-database.test-support.js';
import { SqliteLineageStore } from './sqlite-lineage-store.js';
import { RUN_GRAPH, SELECT_BY_HASH, SELECT_CACHED_NOT_BEFORE, searchSql, traversalComponentsSql, traversalEdgesSql } from './lineage-query.sql.js';
import { INSERT_DEPENDS_ON, RESOLVE_DEPENDS_ON } from './lineage-write.sql.js';

describe('SqliteLineageStore (SQLite specifics)', () => {
  let temp: TempDatabase;
  let stores: SqliteStores;
  beforeEach(() => {
    temp = createTempDatabase();
    stores = createSqliteStores(temp.path);
  });
  afterEach(async () => {
    await stores.close();
    temp.remove();
  });

  /** The query plan of a statement, one line per step. */
  function plan(sql: string, params: unknown[]): string[] {
    return stores.database.connection.prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).all(params).map((r) => r.detail);
  }

  it('answers lookups and walks through indexes, never a scan of the whole graph', () => {
    const checks: Array<[string, unknown[]]> = [
      [SELECT_BY_HASH, ['h', 'h']],
      [SELECT_CACHED_NOT_BEFORE, ['h', 'h', 't']],
      [searchSql(0b000001), ['name', 10]],
      [searchSql(0b001000), ['run', 10]],
      [searchSql(0b110000), ['t1', 't2', 10]],
      [RUN_GRAPH.components, ['run']],
      [RUN_GRAPH.dependsOn, ['run']],
      [RUN_GRAPH.cachedFrom, ['run']],
      [traversalComponentsSql('upstream', false), ['x']],
      [traversalComponentsSql('downstream', true), ['x', 3]],
      [traversalEdgesSql('upstream', true), ['x', 3, 3]],
      [traversalEdgesSql('downstream', false), ['x']],
      [INSERT_DEPENDS_ON, [1, 'p', 'p', '[]']],
      [RESOLVE_DEPENDS_ON, []],
    ];
    for (const [sql, params] of checks) {
      const steps = plan(sql, params);
      // Scanning the CTE's own rows is expected; scanning a stored table is not.
      const tableScans = steps.filter((s) => /^SCAN (components|depends_on|cached_from|pipelines)\b/.test(s) && !/USING/.test(s));
      expect({ sql, tableScans }).toEqual({ sql, tableScans: [] });
    }
  });

  it('walks a 5,000-long chain without recursion limits', async () => {
    const dag = buildChain(5000);
    await stores.lineageStore.write(dag.writes);
    const up = await stores.lineageStore.getUpstream('run-1:c4999');
    expect(up.components).toHaveLength(5000);
    expect(up.edges).toHaveLength(4999);
    expect(componentIds(await stores.lineageStore.getUpstream('run-1:c4999', { depth: 3 }))).toEqual(['run-1:c4996', 'run-1:c4997', 'run-1:c4998', 'run-1:c4999']);
    expect((await stores.lineageStore.getDownstream('run-1:c0', { depth: 10 })).components).toHaveLength(11);
  });

  it('writes a batch in one transaction: a failing record leaves nothing of its batch', async () => {
    const dag = buildDiamond();
    await stores.lineageStore.write(dag.writes.slice(0, 2));
    const bad = makeComponentVertex({ executionId: 'bad', inputs: { big: 10n } });
    const error = await stores.lineageStore.write([...dag.writes.slice(2), componentWrite(bad)]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TwinGraphError);
    expect((error as TwinGraphError).code).toBe(ERROR_CODES.NON_SERIALIZABLE);
    expect((await stores.lineageStore.statistics()).components).toBe(1);
    expect(await stores.lineageStore.getComponent(dag.left)).toBeUndefined();

    const missingField = { ...makeComponentVertex({ executionId: 'no-name' }), name: undefined } as unknown as ReturnType<typeof makeComponentVertex>;
    const rejected = await stores.lineageStore.write([...dag.writes.slice(2), componentWrite(missingField)]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((rejected as TwinGraphError).code).toBe(ERROR_CODES.VALIDATION);
    expect((await stores.lineageStore.statistics()).components).toBe(1);
    await stores.lineageStore.write(dag.writes.slice(2));
    expect((await stores.lineageStore.statistics()).components).toBe(4);
  });

  it('keeps run records and lineage in one file, readable by stores opened separately', async () => {
    const dag = buildDiamond();
    await stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'run-1', status: 'succeeded' }) }]);
    await stores.lineageStore.write(dag.writes);
    await stores.close();

    const lineage = new SqliteLineageStore(temp.path);
    try {
      expect((await lineage.getRunGraph('run-1'))?.components).toHaveLength(4);
    } finally {
      await lineage.close();
    }
    stores = createSqliteStores(temp.path);
    expect((await stores.runStore.getRun('run-1'))?.status).toBe('succeeded');
    expect((await stores.lineageStore.statistics()).vertices).toBe(5);
  });

  it('reuses vertex ids on re-write, so edges from children survive many re-writes', async () => {
    const dag = buildChain(3);
    await stores.lineageStore.write(dag.writes);
    const first = dag.components[0]!;
    const rewrites: LineageWrite[] = Array.from({ length: 5 }, (_, i) => componentWrite({ ...first, attempts: i + 2 }));
    await stores.lineageStore.write(rewrites);
    expect((await stores.lineageStore.getComponent(first.executionId))?.attempts).toBe(6);
    expect(componentIds(await stores.lineageStore.getDownstream(first.executionId))).toEqual(['run-1:c0', 'run-1:c1', 'run-1:c2']);
    const maxId = stores.database.connection.prepare('SELECT MAX(vertex_id) FROM components').pluck().get();
    expect(maxId).toBe(3);
  });
});
