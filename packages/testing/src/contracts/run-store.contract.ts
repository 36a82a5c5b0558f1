import { describe, expect, it } from 'vitest';
import type { RunStore } from '@twingraph/core';
import type { NodeRecord, RunRecord } from '@twingraph/model';
import { fixtureTime } from '../fixtures/fixture-time.js';
import { makeLogRecord, makeNodeRecord, makeRunRecord } from '../fixtures/run-fixtures.js';
import { useFreshSubject, type ContractSubject } from './contract-harness.js';

export interface RunStoreSubject extends ContractSubject {
  /** An empty store, used by one test only. */
  store: RunStore;
}

/** Builds a fresh, empty store (own namespace / temp DB) for each test. */
export type RunStoreFactory = () => Promise<RunStoreSubject>;

/**
 * The RunStore contract: every backend binds it, e.g.
 * `describeRunStoreContract('InMemoryRunStore', async () => ({ store: new InMemoryRunStore() }))`.
 * Without `cleanup`, the suite closes the store after each test.
 */
export function describeRunStoreContract(name: string, factory: RunStoreFactory): void {
  describe(`RunStore contract: ${name}`, () => {
    const subject = useFreshSubject(factory, (s) => s.store.close());
    const store = (): RunStore => subject().store;

    it('upserts runs through their status transitions', async () => {
      const running = makeRunRecord({ runId: 'r1', source: 'pipelines/etl.ts', inputs: { day: '2024-01-01' }, labels: { team: 'data' } });
      await store().write([{ kind: 'run', run: running }]);
      expect(await store().getRun('r1')).toEqual(running);

      const done: RunRecord = { ...running, status: 'succeeded', completedAt: fixtureTime(30), result: { rows: 42, files: ['a', 'b'] } };
      await store().write([{ kind: 'run', run: done }]);
      expect(await store().getRun('r1')).toEqual(done);
      expect(await store().listRuns()).toEqual([done]);

      const failed: RunRecord = { ...running, status: 'failed', completedAt: fixtureTime(31), error: { code: 'ERR_COMPONENT_FAILED', message: '1 failed', details: { n: 1 } } };
      await store().write([{ kind: 'run', run: failed }]);
      expect(await store().getRun('r1')).toStrictEqual(failed);
      expect(await store().getRun('missing')).toBeUndefined();
    });

    it('round-trips any JSON run inputs and results, null included', async () => {
      const run = makeRunRecord({ runId: 'r1', inputs: null, result: [1, 'two', { three: [true, false, null] }, '日本 😀'] });
      const scalar = makeRunRecord({ runId: 'r2', inputs: 'just a string', result: 0, startedAt: fixtureTime(1) });
      await store().write([{ kind: 'run', run }, { kind: 'run', run: scalar }]);
      expect(await store().getRun('r1')).toStrictEqual(run);
      expect(await store().getRun('r2')).toStrictEqual(scalar);
    });

    it('lists runs newest first with pipeline and status filters, limit and offset', async () => {
      const runs = Array.from({ length: 7 }, (_, i) =>
        makeRunRecord({ runId: `r${i}`, pipeline: i % 2 === 0 ? 'even' : 'odd', status: i === 3 ? 'failed' : 'succeeded', startedAt: fixtureTime(i * 10) }),
      );
      await store().write([3, 0, 6, 1, 5, 2, 4].map((i) => ({ kind: 'run' as const, run: runs[i]! })));
      const ids = async (query?: Parameters<RunStore['listRuns']>[0]): Promise<string[]> => (await store().listRuns(query)).map((r) => r.runId);

      expect(await ids()).toEqual(['r6', 'r5', 'r4', 'r3', 'r2', 'r1', 'r0']);
      expect(await ids({ pipeline: 'odd' })).toEqual(['r5', 'r3', 'r1']);
      expect(await ids({ status: 'failed' })).toEqual(['r3']);
      expect(await ids({ pipeline: 'odd', status: 'succeeded' })).toEqual(['r5', 'r1']);
      expect(await ids({ limit: 2 })).toEqual(['r6', 'r5']);
      expect(await ids({ limit: 2, offset: 2 })).toEqual(['r4', 'r3']);
      expect(await ids({ offset: 5 })).toEqual(['r1', 'r0']);
      expect(await ids({ pipeline: 'nobody' })).toEqual([]);
      expect((await store().listRuns({ pipeline: 'even', limit: 1 }))[0]).toEqual(runs[6]);
    });

    it('lists at most 50 runs by default', async () => {
      const writes = Array.from({ length: 60 }, (_, i) => ({ kind: 'run' as const, run: makeRunRecord({ runId: `r${i}`, startedAt: fixtureTime(i) }) }));
      await store().write(writes);
      const runs = await store().listRuns();
      expect(runs).toHaveLength(50);
      expect(runs[0]!.runId).toBe('r59');
    });

    it('upserts nodes and lists them in first-write order', async () => {
      await store().write([{ kind: 'run', run: makeRunRecord({ runId: 'r1' }) }]);
      const a = makeNodeRecord({ executionId: 'a', runId: 'r1', status: 'running', attempts: [] });
      const b = makeNodeRecord({ executionId: 'b', runId: 'r1', parents: ['a'] });
      const other = makeNodeRecord({ executionId: 'z', runId: 'r2' });
      await store().write([{ kind: 'node', node: b }, { kind: 'node', node: other }, { kind: 'node', node: a }]);
      const aDone: NodeRecord = { ...a, status: 'succeeded', attempts: [{ attempt: 1, startedAt: fixtureTime(1), completedAt: fixtureTime(2), status: 'succeeded' }] };
      await store().write([{ kind: 'node', node: aDone }]);

      expect(await store().listNodes('r1')).toEqual([b, aDone]);
      expect(await store().listNodes('r2')).toEqual([other]);
      expect(await store().listNodes('none')).toEqual([]);
      expect(await store().getNode('a')).toEqual(aDone);
      expect(await store().getNode('missing')).toBeUndefined();
    });

    it('round-trips every node field: attempts, errors, parents, cache source', async () => {
      const node: NodeRecord = {
        executionId: 'n1',
        runId: 'r1',
        name: 'fetch ✓',
        hash: 'sha256:abc',
        platform: 'kubernetes',
        status: 'failed',
        parents: ['p1', 'p2'],
        inputs: { url: 'https://example.com/ü', nested: { list: [1, null, true] } },
        error: { code: 'ERR_TIMEOUT', message: 'timed out', category: 'operational', details: { timeoutMs: 5 }, nonRetryable: false },
        attempts: [
          { attempt: 1, startedAt: fixtureTime(1), completedAt: fixtureTime(2), status: 'failed', error: { code: 'ERR_COMPONENT_FAILED', message: 'first', stack: 'Error: first\n at x' } },
          { attempt: 2, startedAt: fixtureTime(3), status: 'running' },
        ],
        startedAt: fixtureTime(1),
      };
      const cached = makeNodeRecord({ executionId: 'n2', runId: 'r1', status: 'cached', cachedFrom: 'older-execution', attempts: [] });
      const minimal: NodeRecord = { executionId: 'n3', runId: 'r1', name: 'min', hash: 'h', platform: 'local', status: 'pending', parents: [], attempts: [] };
      await store().write([{ kind: 'node', node }, { kind: 'node', node: cached }, { kind: 'node', node: minimal }]);
      expect(await store().getNode('n1')).toStrictEqual(node);
      expect(await store().getNode('n2')).toStrictEqual(cached);
      expect(await store().getNode('n3')).toStrictEqual(minimal);
    });

    it('appends logs with an increasing per-run seq, across batches', async () => {
      await store().write([
        { kind: 'log', log: makeLogRecord({ runId: 'r1', executionId: 'a', line: 'one' }) },
        { kind: 'log', log: makeLogRecord({ runId: 'r2', executionId: 'x', line: 'other run' }) },
        { kind: 'log', log: makeLogRecord({ runId: 'r1', executionId: 'b', line: 'two', stream: 'stderr' }) },
      ]);
      await store().write([{ kind: 'log', log: makeLogRecord({ runId: 'r1', executionId: 'a', line: 'three 😀 \t "quoted"', stream: 'system' }) }]);

      const logs = await store().getLogs('r1');
      expect(logs.map((l) => l.line)).toEqual(['one', 'two', 'three 😀 \t "quoted"']);
      expect(logs.map((l) => l.seq)).toEqual([1, 2, 3]);
      expect(logs[1]).toEqual({ runId: 'r1', executionId: 'b', stream: 'stderr', line: 'two', at: fixtureTime(1), seq: 2 });
      expect(logs[2]!.stream).toBe('system');
      expect(await store().getLogs('r2')).toEqual([{ runId: 'r2', executionId: 'x', stream: 'stdout', line: 'other run', at: fixtureTime(1), seq: 1 }]);
      expect(await store().getLogs('none')).toEqual([]);
    });

    it('filters logs by execution, afterSeq and limit', async () => {
      const writes = Array.from({ length: 10 }, (_, i) => ({
        kind: 'log' as const,
        log: makeLogRecord({ runId: 'r1', executionId: i % 2 === 0 ? 'even' : 'odd', line: `line ${i}` }),
      }));
      await store().write(writes);
      const lines = async (query: Parameters<RunStore['getLogs']>[1]): Promise<string[]> => (await store().getLogs('r1', query)).map((l) => l.line);

      expect(await lines({ executionId: 'odd' })).toEqual(['line 1', 'line 3', 'line 5', 'line 7', 'line 9']);
      expect(await lines({ afterSeq: 7 })).toEqual(['line 7', 'line 8', 'line 9']);
      expect(await lines({ limit: 2 })).toEqual(['line 0', 'line 1']);
      expect(await lines({ executionId: 'even', afterSeq: 3, limit: 2 })).toEqual(['line 4', 'line 6']);
      expect(await lines({ afterSeq: 10 })).toEqual([]);
      expect((await store().getLogs('r1', { executionId: 'odd', afterSeq: 4 })).map((l) => l.seq)).toEqual([6, 8, 10]);
    });

    it('returns at most 1000 logs by default', async () => {
      const writes = Array.from({ length: 1100 }, (_, i) => ({ kind: 'log' as const, log: makeLogRecord({ runId: 'r1', executionId: 'e', line: `${i}` }) }));
      await store().write(writes);
      const logs = await store().getLogs('r1');
      expect(logs).toHaveLength(1000);
      expect(logs[999]!.seq).toBe(1000);
      expect(await store().getLogs('r1', { afterSeq: 1000 })).toHaveLength(100);
    });

    it('keeps runs, nodes and logs of a mixed batch in order', async () => {
      const run = makeRunRecord({ runId: 'r1' });
      const node = makeNodeRecord({ executionId: 'a', runId: 'r1' });
      await store().write([
        { kind: 'run', run },
        { kind: 'node', node },
        { kind: 'log', log: makeLogRecord({ runId: 'r1', executionId: 'a', line: 'hello' }) },
        { kind: 'run', run: { ...run, status: 'succeeded', completedAt: fixtureTime(5) } },
      ]);
      expect((await store().getRun('r1'))?.status).toBe('succeeded');
      expect(await store().listNodes('r1')).toEqual([node]);
      expect((await store().getLogs('r1')).map((l) => l.line)).toEqual(['hello']);
      await store().write([]);
    });
  });
}
