import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JobEnvelope, JobHandler, JobQueue, JobResult } from '@twingraph/core';
import { ERROR_CODES } from '@twingraph/model';
import { deferred, waitFor } from '../fixtures/deferred.js';
import { makeJobEnvelope } from '../fixtures/job-fixtures.js';
import { useFreshSubject, type ContractSubject } from './contract-harness.js';

export interface JobQueueSubject extends ContractSubject {
  /** A queue for this test only; the suite also uses queue names unique to the test. */
  queue: JobQueue;
}

export type JobQueueFactory = () => Promise<JobQueueSubject>;

const echo: JobHandler = (job) => Promise.resolve({ ok: true, outputs: { ...job.inputs, handled: job.executionId } });

/**
 * The JobQueue contract: every queue binds it, e.g.
 * `describeJobQueueContract('InMemoryJobQueue', async () => ({ queue: new InMemoryJobQueue() }))`.
 * Without `cleanup`, the suite closes the queue after each test.
 */
export function describeJobQueueContract(name: string, factory: JobQueueFactory): void {
  describe(`JobQueue contract: ${name}`, () => {
    const subject = useFreshSubject(factory, (s) => s.queue.close());
    const queue = (): JobQueue => subject().queue;
    /** A queue name unique to this test, so shared backends (Redis) never mix tests. */
    const qname = (suffix = 'q'): string => `contract-${suffix}-${randomUUID()}`;

    it('delivers a submitted job to a consumer and its result back', async () => {
      const q = qname();
      const seen: JobEnvelope[] = [];
      await queue().consume(q, (job) => {
        seen.push(job);
        return Promise.resolve({ ok: true, outputs: { doubled: (job.inputs.n as number) * 2 }, metadata: { worker: 'w1' } });
      });
      const job = makeJobEnvelope(q, 'e1', { inputs: { n: 21, nested: { list: [1, null, 'ü'] } }, timeoutMs: 1000 });
      expect(await queue().submit(job)).toEqual({ ok: true, outputs: { doubled: 42 }, metadata: { worker: 'w1' } });
      expect(seen).toEqual([job]);
    });

    it('returns error results, and turns a throwing handler into an error result', async () => {
      const q = qname();
      await queue().consume(q, (job) => {
        if (job.executionId === 'returns') return Promise.resolve({ ok: false, error: { code: 'ERR_COMPONENT_FAILED', message: 'bad input', details: { field: 'x' } } });
        if (job.executionId === 'rejects') return Promise.reject(new Error('async boom'));
        throw new Error('sync boom');
      }, { concurrency: 3 });
      const [returned, rejected, thrown] = await Promise.all([
        queue().submit(makeJobEnvelope(q, 'returns')),
        queue().submit(makeJobEnvelope(q, 'rejects')),
        queue().submit(makeJobEnvelope(q, 'throws')),
      ]);
      expect(returned).toEqual({ ok: false, error: { code: 'ERR_COMPONENT_FAILED', message: 'bad input', details: { field: 'x' } } });
      expect(rejected.ok).toBe(false);
      expect(!rejected.ok && rejected.error.message).toContain('async boom');
      expect(thrown.ok).toBe(false);
      expect(!thrown.ok && thrown.error.message).toContain('sync boom');
      // The consumer keeps working after failures.
      expect((await queue().submit(makeJobEnvelope(q, 'returns'))).ok).toBe(false);
    });

    it('never runs more jobs at once than the consumer concurrency', async () => {
      const q = qname();
      const gate = deferred();
      let active = 0;
      let maxActive = 0;
      let started = 0;
      await queue().consume(q, async (job) => {
        started++;
        active++;
        maxActive = Math.max(maxActive, active);
        await gate.promise;
        active--;
        return echo(job, { signal: new AbortController().signal, log: () => undefined });
      }, { concurrency: 3 });
      const results = Array.from({ length: 8 }, (_, i) => queue().submit(makeJobEnvelope(q, `e${i}`)));
      await waitFor(() => started === 3, 5000, 'three jobs to start');
      await new Promise((r) => setTimeout(r, 30));
      expect(started).toBe(3);
      expect(await queue().depth(q)).toBe(5);
      gate.resolve();
      const all = await Promise.all(results);
      expect(all.every((r) => r.ok)).toBe(true);
      expect(maxActive).toBe(3);
      expect(started).toBe(8);
    });

    it('hands out jobs first in, first out', async () => {
      const q = qname();
      const order: string[] = [];
      const results = Array.from({ length: 6 }, (_, i) => queue().submit(makeJobEnvelope(q, `e${i}`)));
      await queue().consume(q, (job) => {
        order.push(job.executionId);
        return Promise.resolve({ ok: true, outputs: {} });
      });
      const late = queue().submit(makeJobEnvelope(q, 'late'));
      await Promise.all([...results, late]);
      expect(order).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'late']);
    });

    it('keeps queues apart and counts the jobs waiting on each', async () => {
      const a = qname('a');
      const b = qname('b');
      const handledOnA: string[] = [];
      await queue().consume(a, (job) => {
        handledOnA.push(job.executionId);
        return Promise.resolve({ ok: true, outputs: { on: 'a' } });
      });
      const onB = [queue().submit(makeJobEnvelope(b, 'b1')), queue().submit(makeJobEnvelope(b, 'b2'))];
      expect(await queue().submit(makeJobEnvelope(a, 'a1'))).toEqual({ ok: true, outputs: { on: 'a' } });
      expect(handledOnA).toEqual(['a1']);
      await waitFor(async () => (await queue().depth(b)) === 2, 5000, 'both jobs waiting on b');
      expect(await queue().depth(a)).toBe(0);
      expect(await queue().depth(qname('never-used'))).toBe(0);

      await queue().consume(b, () => Promise.resolve({ ok: true, outputs: { on: 'b' } }));
      expect(await Promise.all(onB)).toEqual([{ ok: true, outputs: { on: 'b' } }, { ok: true, outputs: { on: 'b' } }]);
      expect(await queue().depth(b)).toBe(0);
      expect(handledOnA).toEqual(['a1']);
    });

    it('cancels a waiting job on abort without running it', async () => {
      const q = qname();
      const controller = new AbortController();
      const cancelled = queue().submit(makeJobEnvelope(q, 'cancel-me'), { signal: controller.signal });
      const kept = queue().submit(makeJobEnvelope(q, 'keep-me'));
      await waitFor(async () => (await queue().depth(q)) === 2, 5000, 'two waiting jobs');
      controller.abort();
      const result = await cancelled;
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.code).toBe(ERROR_CODES.CANCELLED);
      await waitFor(async () => (await queue().depth(q)) === 1, 5000, 'the aborted job to leave the queue');

      const handled: string[] = [];
      await queue().consume(q, (job) => {
        handled.push(job.executionId);
        return Promise.resolve({ ok: true, outputs: {} });
      });
      expect((await kept).ok).toBe(true);
      expect(handled).toEqual(['keep-me']);
    });

    it('resolves an already-aborted submit as cancelled', async () => {
      const q = qname();
      const handled: string[] = [];
      await queue().consume(q, (job) => {
        handled.push(job.executionId);
        return Promise.resolve({ ok: true, outputs: {} });
      });
      const result = await queue().submit(makeJobEnvelope(q, 'dead'), { signal: AbortSignal.abort() });
      expect(!result.ok && result.error.code).toBe(ERROR_CODES.CANCELLED);
      expect(handled).toEqual([]);
    });

    it('aborts the signal of a running job when its submitter aborts', async () => {
      const q = qname();
      const started = deferred();
      let sawAbort = false;
      await queue().consume(q, (_job, context) => {
        started.resolve();
        return new Promise<JobResult>((resolve) => {
          context.signal.addEventListener('abort', () => {
            sawAbort = true;
            resolve({ ok: false, error: { code: ERROR_CODES.CANCELLED, message: 'stopped by signal' } });
          }, { once: true });
        });
      });
      const controller = new AbortController();
      const pending = queue().submit(makeJobEnvelope(q, 'long'), { signal: controller.signal });
      await started.promise;
      controller.abort();
      const result = await pending;
      expect(sawAbort).toBe(true);
      expect(!result.ok && result.error.code).toBe(ERROR_CODES.CANCELLED);
    });

    it('passes log lines from the handler to the submitter', async () => {
      const q = qname();
      await queue().consume(q, (job, context) => {
        context.log('stdout', `start ${job.executionId}`);
        context.log('stderr', 'warning ⚠');
        context.log('system', 'done');
        return Promise.resolve({ ok: true, outputs: {} });
      });
      const lines: string[] = [];
      await queue().submit(makeJobEnvelope(q, 'logger'), { onLog: (stream, line) => lines.push(`${stream}:${line}`) });
      await waitFor(() => lines.length === 3, 5000, 'three log lines');
      expect(lines).toEqual(['stdout:start logger', 'stderr:warning ⚠', 'system:done']);
    });

    it('lets a closed consumer finish its running job and take no more', async () => {
      const q = qname();
      const gate = deferred();
      const handled: string[] = [];
      const consumer = await queue().consume(q, async (job) => {
        handled.push(job.executionId);
        await gate.promise;
        return { ok: true, outputs: {} };
      });
      const first = queue().submit(makeJobEnvelope(q, 'first'));
      await waitFor(() => handled.length === 1, 5000, 'the first job to start');
      const second = queue().submit(makeJobEnvelope(q, 'second'));
      let closed = false;
      const closing = consumer.close().then(() => {
        closed = true;
      });
      await new Promise((r) => setTimeout(r, 20));
      expect(closed).toBe(false);
      gate.resolve();
      await closing;
      expect((await first).ok).toBe(true);
      expect(handled).toEqual(['first']);
      expect(await queue().depth(q)).toBe(1);

      await queue().consume(q, () => Promise.resolve({ ok: true, outputs: { by: 'replacement' } }));
      expect(await second).toEqual({ ok: true, outputs: { by: 'replacement' } });
    });

    it('resolves waiting submits as cancelled on close()', async () => {
      const q = qname();
      const waiting = [queue().submit(makeJobEnvelope(q, 'w1')), queue().submit(makeJobEnvelope(q, 'w2'))];
      await waitFor(async () => (await queue().depth(q)) === 2, 5000, 'two waiting jobs');
      await queue().close();
      for (const result of await Promise.all(waiting)) {
        expect(result.ok).toBe(false);
        expect(!result.ok && result.error.code).toBe(ERROR_CODES.CANCELLED);
      }
    });
  });
}
