import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, type TwinGraphError } from '@twingraph/model';
import { describeWithService, makeLogRecord, makeNodeRecord, makeRunRecord } from '@twingraph/testing';
import { buildChain } from '@twingraph/testing';
import { createPostgresStores, openPostgresStores } from '../create-postgres-stores.js';
import { errorOf } from '../error-of.test-support.js';
import { adminQuery, dropSchema, postgresAvailable, TEST_POSTGRES_URL, uniqueSchema } from '../postgres-test-support.test-support.js';
import { SCHEMA_MIGRATIONS_TABLE } from '../schema/schema-migrations.js';
import { LATEST_POSTGRES_SCHEMA_VERSION, POSTGRES_SCHEMA_MIGRATIONS } from './postgres-schema-migrations.js';

const tablesOf = async (schema: string): Promise<string[]> =>
  (await adminQuery<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema])).map((r) => r.table_name);

await describeWithService('postgres', postgresAvailable, 'PostgreSQL database: schema migrations and the write path', () => {
  const schemas: string[] = [];
  const newSchema = (): string => {
    const schema = uniqueSchema('mig');
    schemas.push(schema);
    return schema;
  };
  afterEach(async () => {
    await Promise.all(schemas.splice(0).map(dropSchema));
  });

  it('creates the schema with every table, recorded in schema_migrations, and does not migrate again on reopening', async () => {
    const schema = newSchema();
    const first = await openPostgresStores(`${TEST_POSTGRES_URL}?schema=${schema}`);
    await first.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'r1' }) }]);
    await first.close();
    expect(await tablesOf(schema)).toEqual(['cached_from', 'components', 'depends_on', 'logs', 'nodes', 'pipelines', 'runs', 'schema_migrations', 'workflow_tags', 'workflow_versions', 'workflows']);
    const versions = await adminQuery<{ version: number; name: string }>(`SELECT version, name FROM "${schema}".schema_migrations ORDER BY version`);
    expect(versions).toEqual(POSTGRES_SCHEMA_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));

    const second = await openPostgresStores(TEST_POSTGRES_URL, { schema });
    expect((await second.runStore.getRun('r1'))?.runId).toBe('r1');
    await second.close();
    expect(await adminQuery(`SELECT version FROM "${schema}".schema_migrations`)).toHaveLength(versions.length);
  });

  it('migrates a version-1 schema to the latest version, keeping its runs', async () => {
    const schema = newSchema();
    const v1 = POSTGRES_SCHEMA_MIGRATIONS[0]!;
    await adminQuery(
      [
        `CREATE SCHEMA "${schema}"`,
        `SET search_path TO "${schema}"`,
        SCHEMA_MIGRATIONS_TABLE,
        ...v1.statements,
        `INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, '${v1.name}', 'x')`,
        "INSERT INTO runs (run_id, pipeline, version, status, started_at) VALUES ('old-run', 'p', 'v', 'succeeded', '2024-01-01T00:00:00.000Z')",
      ].join(';\n'),
    );
    const stores = await openPostgresStores(TEST_POSTGRES_URL, { schema });
    expect((await stores.runStore.getRun('old-run'))?.status).toBe('succeeded');
    await stores.close();
    const versions = await adminQuery<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
    expect(versions.map((v) => v.version)).toEqual(POSTGRES_SCHEMA_MIGRATIONS.map((m) => m.version));
    expect(await tablesOf(schema)).toContain('workflow_versions');
  });

  it('migrates once when several servers start on a new schema at the same moment', async () => {
    const schema = newSchema();
    const opened = await Promise.allSettled(Array.from({ length: 6 }, () => openPostgresStores(TEST_POSTGRES_URL, { schema, poolSize: 2 })));
    expect(opened.map((o) => o.status)).toEqual(Array(6).fill('fulfilled'));
    const stores = opened.map((o) => (o as PromiseFulfilledResult<Awaited<ReturnType<typeof openPostgresStores>>>).value);
    // All six see and write the same tables.
    await Promise.all(stores.map((s, i) => s.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: `r${i}` }) }])));
    expect(await stores[0]!.runStore.listRuns()).toHaveLength(6);
    await Promise.all(stores.map((s) => s.close()));
    const versions = await adminQuery<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
    expect(versions.map((v) => v.version)).toEqual(POSTGRES_SCHEMA_MIGRATIONS.map((m) => m.version));
  });

  it('refuses a schema written by a newer TwinGraph, changing nothing', async () => {
    const schema = newSchema();
    await (await openPostgresStores(TEST_POSTGRES_URL, { schema })).close();
    await adminQuery(`INSERT INTO "${schema}".schema_migrations (version, name, applied_at) VALUES ($1, 'from the future', 'x')`, [LATEST_POSTGRES_SCHEMA_VERSION + 1]);
    const error = await errorOf(() => openPostgresStores(TEST_POSTGRES_URL, { schema }));
    expect(error.code).toBe(ERROR_CODES.STORE_VERSION);
    expect(error.details).toMatchObject({ schemaVersion: LATEST_POSTGRES_SCHEMA_VERSION + 1, supportedVersion: LATEST_POSTGRES_SCHEMA_VERSION });
    expect(error.hint).toMatch(/upgrade/i);
  });

  it('refuses a schema holding tables of the same names that TwinGraph did not create', async () => {
    const schema = newSchema();
    await adminQuery(`CREATE SCHEMA "${schema}"`);
    await adminQuery(`CREATE TABLE "${schema}".runs (id serial PRIMARY KEY, customer text)`);
    const error = await errorOf(() => openPostgresStores(TEST_POSTGRES_URL, { schema }));
    expect(error.code).toBe(ERROR_CODES.STORE_CORRUPT);
    expect(error.message).toMatch(/runs/);
    expect(error.hint).toMatch(/\?schema=/);
    expect(await tablesOf(schema)).toEqual(['runs']);
  });

  it('commits a burst of single-record writes in a few multi-row transactions, in call order', async () => {
    const schema = newSchema();
    const stores = await openPostgresStores(TEST_POSTGRES_URL, { schema });
    try {
      const chain = buildChain(2000, { pipelineId: 'burst' });
      // As the engine does: one small batch per finished component, never waiting for the previous one.
      const writes: Array<Promise<void>> = [];
      for (const op of chain.writes) writes.push(stores.lineageStore.write([op]));
      for (let i = 0; i < 500; i++) {
        writes.push(stores.runStore.write([{ kind: 'node', node: makeNodeRecord({ executionId: `n${i}`, runId: 'burst', status: 'running', attempts: [] }) }]));
        writes.push(stores.runStore.write([{ kind: 'node', node: makeNodeRecord({ executionId: `n${i}`, runId: 'burst' }) }]));
        writes.push(stores.runStore.write([{ kind: 'log', log: makeLogRecord({ runId: 'burst', executionId: `n${i}`, line: `line ${i}` }) }]));
      }
      await Promise.all(writes);
      expect(stores.database.writer.commits).toBeLessThan(10);
      expect((await stores.lineageStore.getUpstream('burst:c1999')).components).toHaveLength(2000);
      const nodes = await stores.runStore.listNodes('burst');
      expect(nodes.map((n) => n.executionId)).toEqual(Array.from({ length: 500 }, (_, i) => `n${i}`));
      expect(nodes.every((n) => n.status === 'succeeded')).toBe(true);
      const logs = await stores.runStore.getLogs('burst');
      expect(logs.map((l) => l.line)).toEqual(Array.from({ length: 500 }, (_, i) => `line ${i}`));
      expect(logs.map((l) => l.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    } finally {
      await stores.close();
    }
  });

  it('rejects only the batch PostgreSQL refuses; the batches committed with it are kept', async () => {
    const schema = newSchema();
    const stores = await openPostgresStores(TEST_POSTGRES_URL, { schema });
    try {
      const before = stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'before' }) }]);
      // Text columns cannot hold NUL: the server rejects this one.
      const bad = stores.runStore.write([{ kind: 'node', node: makeNodeRecord({ executionId: 'bad', runId: 'r', name: 'nul\u0000name' }) }]);
      const after = stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'after' }) }]);
      await expect(before).resolves.toBeUndefined();
      const error = await errorOf(() => bad);
      expect(error.code).toBe(ERROR_CODES.VALIDATION);
      expect(error.details).toMatchObject({ sqlState: '22021', action: 'write run records' });
      await expect(after).resolves.toBeUndefined();
      expect((await stores.runStore.listRuns()).map((r) => r.runId).sort()).toEqual(['after', 'before']);
      expect(await stores.runStore.getNode('bad')).toBeUndefined();
    } finally {
      await stores.close();
    }
  });

  it('stores a log line holding NUL characters with U+FFFD in their place', async () => {
    const schema = newSchema();
    const stores = await openPostgresStores(TEST_POSTGRES_URL, { schema });
    try {
      await stores.runStore.write([{ kind: 'log', log: makeLogRecord({ runId: 'r', executionId: 'e', line: 'binary\u0000out' }) }]);
      expect((await stores.runStore.getLogs('r'))[0]!.line).toBe('binary\uFFFDout');
    } finally {
      await stores.close();
    }
  });

  it('recovers when the server drops its connections: a write fails with ERR_STORE_UNAVAILABLE at worst, the next ones succeed', async () => {
    const schema = newSchema();
    const applicationName = `tg-drop-${schema}`;
    const stores = await openPostgresStores(TEST_POSTGRES_URL, { schema, applicationName });
    try {
      await stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'before' }) }]);
      expect(await stores.runStore.getRun('before')).toBeDefined();
      const dropped = await adminQuery<{ ok: boolean }>('SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
      expect(dropped.length).toBeGreaterThanOrEqual(2);
      const first = await stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'maybe' }) }]).then(() => undefined, (error: unknown) => error);
      if (first !== undefined) expect((first as TwinGraphError).code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
      await stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'after' }) }]);
      // A read on a dropped pooled connection may fail once too; the pool then opens a new one.
      await stores.runStore.getRun('after').catch(() => undefined);
      expect((await stores.runStore.getRun('after'))?.runId).toBe('after');
      expect((await stores.runStore.listRuns()).map((r) => r.runId)).toContain('before');
    } finally {
      await stores.close();
    }
  });

  it('lets a script that never closes its stores exit once its writes are committed (built package)', async () => {
    const schema = newSchema();
    const dist = new URL('../../dist/index.js', import.meta.url).href;
    const script = `import { createPostgresStores } from '${dist}';
      const s = createPostgresStores(process.argv[1], { schema: '${schema}' });
      await s.runStore.write([{ kind: 'run', run: { runId: 'r', pipeline: 'p', version: 'v', status: 'running', startedAt: 'x' } }]);
      console.log('written');`;
    const started = Date.now();
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, TEST_POSTGRES_URL], { encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('written');
    expect(result.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('rejects a value that is not JSON in the write call that holds it', async () => {
    const schema = newSchema();
    const stores = await openPostgresStores(TEST_POSTGRES_URL, { schema });
    try {
      const error = await errorOf(() => stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'r', inputs: { n: 1n } }) }]));
      expect(error.code).toBe(ERROR_CODES.NON_SERIALIZABLE);
    } finally {
      await stores.close();
    }
  });

  it('fails every use of a closed store with ERR_STORE_UNAVAILABLE', async () => {
    const schema = newSchema();
    const stores = await openPostgresStores(TEST_POSTGRES_URL, { schema });
    await stores.lineageStore.close();
    await stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'r1' }) }]);
    expect((await errorOf(() => stores.lineageStore.statistics())).code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    await stores.close();
    expect(stores.database.isOpen).toBe(false);
    const error = await errorOf(() => stores.runStore.getRun('r1'));
    expect(error.code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    expect(error.message).toMatch(/closed/);
  });

  it('reports a database that does not exist with a hint to create it', async () => {
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = '/twingraph_no_such_database';
    const error = await errorOf(() => openPostgresStores(url.toString()));
    expect(error.code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    expect(error.details).toMatchObject({ sqlState: '3D000' });
    expect(error.hint).toMatch(/createdb|CREATE DATABASE/);
  });
});

describe('openPostgresStores without a server', () => {
  it('fails with ERR_STORE_UNAVAILABLE when nothing listens, without the password in the message', async () => {
    const error = await errorOf(() => openPostgresStores('postgres://me:s3cret@127.0.0.1:1/db', { connectionTimeoutMs: 2000 }));
    expect(error.code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    expect(error.message).toContain('127.0.0.1:1/db');
    expect(`${error.message} ${error.hint} ${JSON.stringify(error.details)}`).not.toContain('s3cret');
    expect(error.hint).toMatch(/running and reachable/);
  });

  it('returns stores at once whose every call reports the unreachable server (createPostgresStores)', async () => {
    const stores = createPostgresStores('postgres://127.0.0.1:1/db', { connectionTimeoutMs: 2000 });
    expect((await errorOf(() => stores.ready)).code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    expect((await errorOf(() => stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'r' }) }]))).code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    expect((await errorOf(() => stores.lineageStore.statistics())).code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    expect((await errorOf(() => stores.lineageStore.clear({ all: true }))).code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    await stores.close();
  });

  it('refuses bad URLs and options with ERR_INVALID_OPTIONS', async () => {
    expect((await errorOf(() => openPostgresStores('not a url'))).code).toBe(ERROR_CODES.INVALID_OPTIONS);
    expect((await errorOf(() => openPostgresStores('mysql://127.0.0.1/db'))).code).toBe(ERROR_CODES.INVALID_OPTIONS);
    const badSchema = await errorOf(() => openPostgresStores('postgres://127.0.0.1/db?schema=drop;table'));
    expect(badSchema.code).toBe(ERROR_CODES.INVALID_OPTIONS);
    expect(badSchema.message).toMatch(/schema/);
    expect((await errorOf(() => openPostgresStores('postgres://127.0.0.1/db', { poolSize: 0 }))).message).toMatch(/poolSize/);
  });
});
