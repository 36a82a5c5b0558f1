import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, TwinGraphError, type RunStoreWrite } from '@twingraph/model';
import { buildChain, makeLogRecord, makeNodeRecord, makeRunRecord } from '@twingraph/testing';
import { createSqliteStores, type SqliteStores } from '../create-sqlite-stores.js';
import { createTempDatabase, type TempDatabase } from '../temp-database.test-support.js';
import { InlineSqliteWriter } from './inline-sqlite-writer.js';
import { ThreadSqliteWriter } from './thread-sqlite-writer.js';

async function rejectionOf(promise: Promise<unknown>): Promise<TwinGraphError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TwinGraphError);
  return error as TwinGraphError;
}

describe('SQLite writes on the writer thread', () => {
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

  it('writes files through a thread and in-memory databases inline', async () => {
    expect(stores.database.writer.writer).toBeInstanceOf(ThreadSqliteWriter);
    const memory = createSqliteStores(':memory:', { writeThread: true });
    expect(memory.database.writer.writer).toBeInstanceOf(InlineSqliteWriter);
    await memory.close();
    const inline = createSqliteStores(`${temp.dir}/inline.db`, { writeThread: false });
    expect(inline.database.writer.writer).toBeInstanceOf(InlineSqliteWriter);
    await inline.close();
  });

  it('applies writes issued without waiting in the order they were issued, visible once resolved', async () => {
    const writes: Array<Promise<void>> = [];
    for (const status of ['running', 'failed', 'succeeded'] as const) {
      writes.push(stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'r1', status }) }]));
    }
    const dag = buildChain(300);
    for (let i = 0; i < dag.writes.length; i += 7) writes.push(stores.lineageStore.write(dag.writes.slice(i, i + 7)));
    for (let i = 0; i < 5; i++) writes.push(stores.runStore.write([{ kind: 'log', log: makeLogRecord({ runId: 'r1', executionId: 'e', line: `line ${i}` }) }]));
    await Promise.all(writes);
    expect((await stores.runStore.getRun('r1'))?.status).toBe('succeeded');
    expect((await stores.lineageStore.getUpstream('run-1:c299')).components).toHaveLength(300);
    expect((await stores.runStore.getLogs('r1')).map((l) => [l.seq, l.line])).toEqual([0, 1, 2, 3, 4].map((i) => [i + 1, `line ${i}`]));
  });

  it('fails only the batch that failed when batches are committed together', async () => {
    const bad = { ...makeNodeRecord({ executionId: 'bad', runId: 'r1' }), name: undefined } as unknown as ReturnType<typeof makeNodeRecord>;
    const node = (id: string): RunStoreWrite => ({ kind: 'node', node: makeNodeRecord({ executionId: id, runId: 'r1' }) });
    const first = stores.runStore.write([node('a1'), node('a2')]);
    const failing = stores.runStore.write([node('b1'), { kind: 'node', node: bad }]);
    const last = stores.runStore.write([node('c1')]);
    await first;
    expect((await rejectionOf(failing)).code).toBe(ERROR_CODES.VALIDATION);
    await last;
    expect((await stores.runStore.listNodes('r1')).map((n) => n.executionId)).toEqual(['a1', 'a2', 'c1']);
  });

  it('rejects a value that is not JSON where it was written, before anything reaches the thread', async () => {
    const error = await rejectionOf(stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'r1', inputs: { big: 1n } }) }]));
    expect(error.code).toBe(ERROR_CODES.NON_SERIALIZABLE);
    expect(await stores.runStore.getRun('r1')).toBeUndefined();
  });

  it('commits what was submitted before close() resolves', async () => {
    const dag = buildChain(50);
    const pending = [stores.lineageStore.write(dag.writes), stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'r1' }) }])];
    await stores.close();
    await Promise.all(pending);
    stores = createSqliteStores(temp.path);
    expect((await stores.lineageStore.statistics()).components).toBe(50);
    expect(await stores.runStore.getRun('r1')).toBeDefined();
  });

  it('clears lineage after the writes submitted before it', async () => {
    const dag = buildChain(20);
    const written = stores.lineageStore.write(dag.writes);
    expect(await stores.lineageStore.clear({ all: true })).toBe(21);
    await written;
    expect((await stores.lineageStore.statistics()).vertices).toBe(0);
  });
});
