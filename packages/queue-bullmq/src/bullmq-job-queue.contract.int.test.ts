import { randomUUID } from 'node:crypto';
import { describeJobQueueContract, describeWithService } from '@twingraph/testing';
import type { JobEnvelope, JobHandler, JobQueue, JobResult, SubmitOptions } from '@twingraph/core';
import { BullMqJobQueue } from './bullmq-job-queue.js';
import { redisAvailable, TEST_REDIS_URL } from './redis-probe.test-support.js';

await describeWithService('redis', () => redisAvailable(), 'BullMqJobQueue (Redis)', () => {
  describeJobQueueContract('BullMqJobQueue', async () => {
    // Each test its own key prefix, and every queue it touched obliterated afterwards.
    const queue = new BullMqJobQueue({ connection: TEST_REDIS_URL, prefix: `tg-test-${randomUUID().slice(0, 8)}`, cancelGraceMs: 3000 });
    const used = new Set<string>();
    const tracked: JobQueue = {
      submit: (job: JobEnvelope, options?: SubmitOptions): Promise<JobResult> => (used.add(job.queue), queue.submit(job, options)),
      consume: (name: string, handler: JobHandler, options) => (used.add(name), queue.consume(name, handler, options)),
      depth: (name: string) => (used.add(name), queue.depth(name)),
      close: () => queue.close(),
    };
    return {
      queue: tracked,
      cleanup: async () => {
        const cleaner = new BullMqJobQueue({ connection: TEST_REDIS_URL, prefix: queue.options.prefix });
        await queue.close();
        for (const name of used) await cleaner.obliterate(name);
        await cleaner.close();
      },
    };
  });
});
