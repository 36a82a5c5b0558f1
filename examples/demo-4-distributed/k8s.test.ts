import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { describeWithService } from '@twingraph/testing';
import { BullMqJobQueue } from '@twingraph/queue-bullmq';
import { TEST_REDIS_URL, workersAvailable } from '../shared/queue-workers.js';

// The Kubernetes manifests of docs/scaling.md: they must agree with what the code does (queue key,
// worker flags, metric name), since no cluster runs here.
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed YAML
const dir = join(import.meta.dirname, 'k8s');
const load = (file: string): Doc[] => parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => d.toJS() as Doc);

const [deployment] = load('worker-deployment.yaml');
const [scaledObject] = load('keda-scaledobject.yaml');
const [hpa] = load('hpa-prometheus.yaml');
const container = deployment!.spec.template.spec.containers[0] as { args: string[] };
const queueName = container.args[container.args.indexOf('--queue') + 1]!;

describe('demo 4 Kubernetes manifests', () => {
  it('scale the worker Deployment that consumes the queue', () => {
    expect(deployment!.kind).toBe('Deployment');
    expect(container.args[0]).toBe('worker');
    expect(queueName).toBe('demo-4');
    expect(scaledObject!.spec.scaleTargetRef.name).toBe(deployment!.metadata.name);
    expect(hpa!.spec.scaleTargetRef.name).toBe(deployment!.metadata.name);
    // Grace period longer than --shutdown-grace, so scaled-down workers finish their jobs.
    const grace = Number(container.args[container.args.indexOf('--shutdown-grace') + 1]);
    expect(deployment!.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(grace);
  });

  it('HPA reads the gauge the server exports, for this queue', () => {
    const metrics = readFileSync(join(import.meta.dirname, '../../apps/server/src/observability/server-metrics.ts'), 'utf8');
    const metric = hpa!.spec.metrics[0].external.metric;
    expect(metrics).toContain(`name: '${metric.name as string}'`);
    expect(metric.selector.matchLabels.queue).toBe(queueName);
  });
});

await describeWithService('redis', workersAvailable, 'demo 4 KEDA trigger (real Redis)', () => {
  it('names the Redis list that holds the waiting jobs of the queue', async () => {
    const listName = scaledObject!.spec.triggers[0].metadata.listName as string;
    expect(listName).toBe(`twingraph:${queueName}:wait`);
    // Same shape for a test queue: a job with no worker is in exactly that list.
    const queue = `k8s-${randomUUID()}`;
    const submitter = new BullMqJobQueue({ connection: TEST_REDIS_URL });
    const redis = new Redis(TEST_REDIS_URL);
    const controller = new AbortController();
    try {
      const pending = submitter.submit({ id: `${randomUUID()}:1`, queue, runId: 'r', executionId: 'e', attempt: 1, component: { name: 'c', platform: 'local', codeHash: 'h' }, inputs: {} }, { signal: controller.signal });
      let length = 0;
      for (let i = 0; i < 50 && length === 0; i++) {
        length = await redis.llen(listName.replace(queueName, queue));
        if (length === 0) await new Promise((r) => setTimeout(r, 50));
      }
      expect(length).toBe(1);
      controller.abort();
      await pending;
    } finally {
      await submitter.obliterate(queue);
      await submitter.close();
      redis.disconnect();
    }
  });
});
