import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterEach, expect, it } from 'vitest';
import { FileSystemBlobStore, type JobEnvelope } from '@twingraph/core';
import { describeWithService } from '@twingraph/testing';
import { BullMqJobQueue } from './bullmq-job-queue.js';
import { bullJobId } from './queue-keys.js';
import { redisOptionsOf } from './redis-connection.js';
import { redisAvailable, TEST_REDIS_URL } from './redis-probe.test-support.js';

await describeWithService('redis', () => redisAvailable(), 'job payloads over maxPayloadBytes go by blob reference (real Redis)', () => {
  const cleanup: Array<() => Promise<unknown> | void> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('Redis carries only the blob ref of large inputs and outputs; the component and the submitter get the values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-payload-'));
    const prefix = `tg-payload-${randomUUID().slice(0, 8)}`;
    const queueName = `q-${randomUUID()}`;
    // Submitter and worker: separate queue instances and blob stores over one shared directory.
    const submitter = new BullMqJobQueue({ connection: TEST_REDIS_URL, prefix, blobStore: new FileSystemBlobStore({ root: dir }), maxPayloadBytes: 1024 });
    const workerSide = new BullMqJobQueue({ connection: TEST_REDIS_URL, prefix, blobStore: new FileSystemBlobStore({ root: dir }), maxPayloadBytes: 1024 });
    const inspector = new Queue(queueName, { connection: redisOptionsOf(TEST_REDIS_URL), prefix });
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    cleanup.push(async () => {
      await submitter.close();
      await workerSide.close();
      await inspector.obliterate({ force: true });
      await inspector.close();
    });

    const big = 'x'.repeat(5000);
    let seen: unknown;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    await workerSide.consume(queueName, async (job) => {
      seen = job.inputs;
      started();
      await held;
      return { ok: true, outputs: { echoed: (job.inputs['text'] as string).toUpperCase(), small: 1 } };
    });

    const envelope: JobEnvelope = { id: `${randomUUID()}:1`, queue: queueName, runId: 'r', executionId: 'e', attempt: 1, component: { name: 'echo', platform: 'local', codeHash: 'h' }, inputs: { text: big, n: 3 } };
    const result = submitter.submit(envelope);
    await running;
    const stored = await inspector.getJob(bullJobId(envelope.id));
    const carried = (stored?.data as { envelope: JobEnvelope }).envelope.inputs;
    expect(carried).toEqual({ $ref: expect.stringMatching(/^blob:\/\/sha256\/[0-9a-f]{64}$/) as string, size: JSON.stringify(envelope.inputs).length });
    expect(JSON.stringify(stored?.data).length).toBeLessThan(1024);
    expect(seen).toEqual({ text: big, n: 3 });
    release();

    const outcome = await result;
    expect(outcome).toEqual({ ok: true, outputs: { echoed: big.toUpperCase(), small: 1 } });
    // The worker sent its outputs the same way: their JSON is a blob in the shared store.
    const hex = createHash('sha256').update(JSON.stringify({ echoed: big.toUpperCase(), small: 1 })).digest('hex');
    expect(await new FileSystemBlobStore({ root: dir }).has(`blob://sha256/${hex}`)).toBe(true);
  });

  it('small payloads stay inline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-payload-'));
    const prefix = `tg-payload-${randomUUID().slice(0, 8)}`;
    const queueName = `q-${randomUUID()}`;
    const queue = new BullMqJobQueue({ connection: TEST_REDIS_URL, prefix, blobStore: new FileSystemBlobStore({ root: dir }), maxPayloadBytes: 1024 });
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    cleanup.push(async () => {
      await queue.obliterate(queueName);
      await queue.close();
    });
    let seen: unknown;
    await queue.consume(queueName, (job) => {
      seen = job.inputs;
      return Promise.resolve({ ok: true, outputs: { y: 1 } });
    });
    const outcome = await queue.submit({ id: `${randomUUID()}:1`, queue: queueName, runId: 'r', executionId: 'e', attempt: 1, component: { name: 'c', platform: 'local', codeHash: 'h' }, inputs: { x: 1 } });
    expect(outcome).toEqual({ ok: true, outputs: { y: 1 } });
    expect(seen).toEqual({ x: 1 });
  });
});
