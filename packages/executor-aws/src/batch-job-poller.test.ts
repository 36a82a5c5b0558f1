import type { BatchClient, DescribeJobsCommand } from '@aws-sdk/client-batch';
import { describe, expect, it } from 'vitest';
import { BatchJobPoller } from './batch-job-poller.js';

/** A Batch client whose DescribeJobs answers RUNNING for every id, counting calls and ids per call. */
function fakeBatch(status: () => string = () => 'RUNNING'): { client: BatchClient; calls: number[] } {
  const calls: number[] = [];
  const client = {
    send: (command: DescribeJobsCommand) => {
      const ids = command.input.jobs ?? [];
      calls.push(ids.length);
      return Promise.resolve({ jobs: ids.map((jobId) => ({ jobId, status: status() })) });
    },
  } as unknown as BatchClient;
  return { client, calls };
}

describe('BatchJobPoller', () => {
  it('describes 250 followed jobs in 3 DescribeJobs calls per tick', async () => {
    const { client, calls } = fakeBatch();
    const poller = new BatchJobPoller(client, 5, 50);
    const signal = new AbortController().signal;
    const ids = Array.from({ length: 250 }, (_, i) => `job-${i}`);
    const answers = await Promise.all(ids.map((id) => poller.next([id], signal)));
    expect(calls).toEqual([100, 100, 50]);
    expect(answers.every((jobs, i) => jobs.get(`job-${i}`)?.status === 'RUNNING')).toBe(true);
  });

  it('rejects a waiter whose signal is aborted, without disturbing the others', async () => {
    const { client } = fakeBatch();
    const poller = new BatchJobPoller(client, 20, 50);
    const controller = new AbortController();
    const cancelled = poller.next(['a'], controller.signal);
    const other = poller.next(['b'], new AbortController().signal);
    controller.abort(new Error('cancelled'));
    await expect(cancelled).rejects.toThrow('cancelled');
    expect((await other).get('b')?.status).toBe('RUNNING');
  });

  it('passes a DescribeJobs failure to every waiter of that tick', async () => {
    const client = { send: () => Promise.reject(new Error('ThrottlingException')) } as unknown as BatchClient;
    const poller = new BatchJobPoller(client, 1, 5);
    const signal = new AbortController().signal;
    const results = await Promise.allSettled([poller.next(['a'], signal), poller.next(['b'], signal)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
