import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@twingraph/model';
import { BullMqJobQueue } from './bullmq-job-queue.js';

/** A local port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('BullMqJobQueue with Redis unreachable at start', () => {
  it('fails every operation with ERR_QUEUE_UNAVAILABLE after connectTimeoutMs instead of hanging', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const queue = new BullMqJobQueue({ connection: url, connectTimeoutMs: 300 });
    try {
      const started = Date.now();
      const depth = queue.depth('q').then(() => undefined, (error: unknown) => error);
      expect(await depth).toMatchObject({ code: ERROR_CODES.QUEUE_UNAVAILABLE, message: expect.stringContaining(`Cannot reach Redis at ${url}`) as string });
      expect(Date.now() - started).toBeLessThan(3_000);
      await expect(queue.workers('q')).rejects.toMatchObject({ code: ERROR_CODES.QUEUE_UNAVAILABLE });
      await expect(queue.consume('q', () => Promise.resolve({ ok: true, outputs: {} }))).rejects.toMatchObject({ code: ERROR_CODES.QUEUE_UNAVAILABLE });
      const result = await queue.submit({ id: 'e:1', queue: 'q', runId: 'r', executionId: 'e', attempt: 1, component: { name: 'c', platform: 'local', codeHash: 'h' }, inputs: {} });
      expect(result).toMatchObject({ ok: false, error: { code: ERROR_CODES.QUEUE_UNAVAILABLE } });
      expect((result as { error: { hint?: string } }).error.hint).toContain('TWINGRAPH_REDIS_URL');
    } finally {
      await queue.close();
    }
  });
});
