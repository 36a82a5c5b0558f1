import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ComponentVertex, type LineageWrite, type NodeRecord, type RunStoreWrite, type TwinGraphError } from '@twingraph/model';
import { makeNodeRecord, makePipelineVertex, makeRunRecord } from '@twingraph/testing';
import { createSqliteStores, type SqliteStores } from '../create-sqlite-stores.js';
import { createTempDatabase, type TempDatabase } from '../temp-database.test-support.js';

/** The component vertex the engine writes with a node record: same values, same objects. */
function twinOf(node: NodeRecord, order: number): LineageWrite {
  const vertex: ComponentVertex = {
    executionId: node.executionId, pipelineId: node.runId, name: node.name, hash: node.hash, status: node.status, platform: node.platform,
    startedAt: node.startedAt!, completedAt: node.completedAt, inputs: node.inputs!, outputs: node.outputs, error: node.error,
    attempts: node.attempts.length, codeHash: 'code', componentOrder: order,
  };
  return { kind: 'component', vertex, parents: node.parents.map((parent) => ({ child: node.executionId, parent, dataFlow: [] })), cachedFrom: node.cachedFrom };
}

const nodeOp = (node: NodeRecord): RunStoreWrite => ({ kind: 'node', node });
const pipelineOp: LineageWrite = { kind: 'pipeline', vertex: makePipelineVertex({ pipelineId: 'r1' }) };

for (const writeThread of [true, false]) {
  describe(`node records folded into component rows (${writeThread ? 'writer thread' : 'inline'})`, () => {
    let temp: TempDatabase;
    let stores: SqliteStores;
    beforeEach(() => {
      temp = createTempDatabase();
      stores = createSqliteStores(temp.path, { writeThread });
    });
    afterEach(async () => {
      await stores.close();
      temp.remove();
    });

    const count = (sql: string): unknown => stores.database.connection.prepare(sql).pluck().get();
    /** Writes run-store and lineage batches in one turn, as the engine's writer does. */
    const together = (run: RunStoreWrite[], lineage: LineageWrite[]): Promise<unknown> => Promise.all([stores.runStore.write(run), stores.lineageStore.write(lineage)]);

    it('stores a node written with its matching vertex on the vertex row, and reads both back unchanged', async () => {
      const a = makeNodeRecord({ executionId: 'a', runId: 'r1', cachedFrom: 'older' });
      const b = makeNodeRecord({ executionId: 'b', runId: 'r1', parents: ['a'], error: { code: 'ERR_X', message: 'x' }, status: 'failed' });
      await together([nodeOp(a), nodeOp(b)], [twinOf(a, 0), twinOf(b, 1)]);
      expect(count('SELECT COUNT(*) FROM nodes')).toBe(0);
      expect(count('SELECT COUNT(*) FROM components WHERE node_seq IS NOT NULL')).toBe(2);
      expect(await stores.runStore.getNode('a')).toStrictEqual(a);
      expect(await stores.runStore.listNodes('r1')).toStrictEqual([a, b]);
      expect((await stores.lineageStore.getComponent('b'))?.error).toEqual(b.error);
    });

    it('keeps first-write order across folded and unfolded nodes', async () => {
      const first = makeNodeRecord({ executionId: 'first', runId: 'r1' });
      await together([nodeOp(first)], [pipelineOp]);
      const folded = makeNodeRecord({ executionId: 'folded', runId: 'r1' });
      const differs = makeNodeRecord({ executionId: 'differs', runId: 'r1' });
      const twin = twinOf(differs, 2);
      await together([nodeOp(folded), nodeOp(differs)], [twinOf(folded, 1), { ...twin, vertex: { ...(twin as { vertex: ComponentVertex }).vertex, status: 'failed' } } as LineageWrite]);
      expect(count('SELECT COUNT(*) FROM nodes')).toBe(2);
      expect((await stores.runStore.listNodes('r1')).map((n) => n.executionId)).toEqual(['first', 'folded', 'differs']);
    });

    it('keeps folded nodes when their lineage is cleared or their vertex re-written alone', async () => {
      const nodes = ['a', 'b', 'c'].map((id) => makeNodeRecord({ executionId: id, runId: 'r1' }));
      await together(nodes.map(nodeOp), nodes.map(twinOf));
      const b = twinOf(nodes[1]!, 1) as LineageWrite & { kind: 'component' };
      await stores.lineageStore.write([{ ...b, vertex: { ...b.vertex, outputs: { y: 'changed' } } }]);
      expect(await stores.runStore.getNode('b')).toStrictEqual(nodes[1]);
      expect(await stores.lineageStore.clear({ pipelineId: 'r1' })).toBe(3);
      expect(count('SELECT COUNT(*) FROM components')).toBe(0);
      expect(await stores.runStore.listNodes('r1')).toStrictEqual(nodes);
    });

    it('keeps one copy of a node written again, folded or not, with its first position', async () => {
      const a = makeNodeRecord({ executionId: 'a', runId: 'r1', status: 'running', attempts: [] });
      const b = makeNodeRecord({ executionId: 'b', runId: 'r1' });
      await together([nodeOp(a), nodeOp(b)], [pipelineOp]);
      const aDone: NodeRecord = { ...a, status: 'succeeded' };
      await together([nodeOp(aDone)], [twinOf(aDone, 0)]);
      expect(count("SELECT COUNT(*) FROM nodes WHERE execution_id = 'a'")).toBe(0);
      expect(await stores.runStore.listNodes('r1')).toStrictEqual([aDone, b]);
      const aAgain: NodeRecord = { ...aDone, attempts: [...aDone.attempts, { attempt: 2, startedAt: 'x', status: 'succeeded' }] };
      await stores.runStore.write([nodeOp(aAgain)]);
      expect(count("SELECT COUNT(*) FROM components WHERE node_seq IS NOT NULL")).toBe(0);
      expect(await stores.runStore.listNodes('r1')).toStrictEqual([aAgain, b]);
      await stores.lineageStore.clear({ all: true });
      expect(await stores.runStore.getNode('a')).toStrictEqual(aAgain);
    });

    it('submits a pair at once, not behind the microtasks already queued; a lone batch on the next microtask', async () => {
      const writer = stores.database.writer.writer;
      const submit = writer.submit.bind(writer);
      let queueDrained = false;
      const submittedWhileQueued: boolean[] = [];
      writer.submit = (request) => {
        submittedWhileQueued.push(!queueDrained);
        return submit(request);
      };
      // A burst of queued microtasks, as when thousands of components finish at once.
      const busyQueue = (): Promise<void> =>
        new Promise((resolve) => {
          queueDrained = false;
          let left = 1000;
          for (let i = 0; i < 1000; i++) {
            queueMicrotask(() => {
              if (--left > 0) return;
              queueDrained = true;
              resolve();
            });
          }
        });
      const a = makeNodeRecord({ executionId: 'a', runId: 'r1' });
      let busy = busyQueue();
      await Promise.all([together([nodeOp(a)], [twinOf(a, 0)]), busy]);
      busy = busyQueue();
      await Promise.all([stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'r1' }) }]), busy]);
      expect(submittedWhileQueued).toEqual([true, false]);
      expect(count('SELECT COUNT(*) FROM components WHERE node_seq IS NOT NULL')).toBe(1);

      // One store in use (lineage off): after its first batch, batches go at once.
      const runOnly = createSqliteStores(`${temp.dir}/run-only.db`, { writeThread });
      const runOnlyWriter = runOnly.database.writer.writer;
      const runOnlySubmit = runOnlyWriter.submit.bind(runOnlyWriter);
      submittedWhileQueued.length = 0;
      runOnlyWriter.submit = (request) => {
        submittedWhileQueued.push(!queueDrained);
        return runOnlySubmit(request);
      };
      for (const runId of ['r1', 'r2', 'r3']) {
        busy = busyQueue();
        await Promise.all([runOnly.runStore.write([{ kind: 'run', run: makeRunRecord({ runId }) }]), busy]);
      }
      expect(submittedWhileQueued).toEqual([false, true, true]);
      await runOnly.close();
    });

    it('still stores the nodes of a run batch whose lineage batch fails', async () => {
      await stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'r1' }) }]);
      const good = makeNodeRecord({ executionId: 'good', runId: 'r1' });
      const bad = { ...(twinOf(makeNodeRecord({ executionId: 'bad', runId: 'r1' }), 1) as LineageWrite & { kind: 'component' }) };
      const badVertex = { ...bad, vertex: { ...bad.vertex, name: undefined } } as unknown as LineageWrite;
      const [run, lineage] = await Promise.allSettled([stores.runStore.write([nodeOp(good)]), stores.lineageStore.write([twinOf(good, 0), badVertex])]);
      expect(run.status).toBe('fulfilled');
      expect(lineage.status).toBe('rejected');
      const error = (lineage as PromiseRejectedResult).reason as TwinGraphError;
      expect(error.code).toBe(ERROR_CODES.VALIDATION);
      expect(await stores.lineageStore.getComponent('good')).toBeUndefined();
      expect(await stores.runStore.getNode('good')).toStrictEqual(good);
    });
  });
}
