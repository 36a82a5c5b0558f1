import { describe, expect, it } from 'vitest';
import {
  createDefaultRuntimes, createEngine, EnvSecretResolver, InMemoryJobQueue, LocalExecutor, QueueExecutor, runWorkflow, SecretExecutor, SecretMasker,
  type JobEnvelope, type JobQueue,
} from '@twingraph/core';
import { createWorkerJobHandler } from './worker-job-handler.js';

const SECRET = 'worker-only-s3cret';

describe('secrets with queue workers', () => {
  it('the job carries the ${secret:…} reference, the worker resolves it from its own sources and masks it in what it sends back', async () => {
    const inner = new InMemoryJobQueue();
    const submitted: JobEnvelope[] = [];
    // Records every job as it goes into the queue, as Redis would store it.
    const queue: JobQueue = {
      submit: (job, options) => {
        submitted.push(structuredClone(job));
        return inner.submit(job, options);
      },
      consume: (name, handler, options) => inner.consume(name, handler, options),
      depth: (name) => inner.depth(name),
      close: () => inner.close(),
    };
    const workerExecutor = new SecretExecutor(new LocalExecutor({ runtimes: createDefaultRuntimes() }), new EnvSecretResolver({ env: { TWINGRAPH_SECRET_TOKEN: SECRET } }), new SecretMasker());
    const consumer = await queue.consume('secrets', createWorkerJobHandler('w1', workerExecutor));
    // The submitting engine has no secret source at all: only the worker knows the value.
    const engine = createEngine({ executors: [new QueueExecutor({ queue, queueName: 'secrets', capableWorkerWaitMs: 0 })] });
    try {
      const doc = {
        apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'worker-secret' },
        nodes: [{ id: 'print', type: 'component', language: 'bash', env: { TOKEN: '${secret:TOKEN}' }, outputs: [{ name: 'len', type: 'number' }], code: 'echo "token is $TOKEN"\necho "::twingraph-outputs::{\\"len\\":${#TOKEN}}"' }],
        edges: [],
      };
      const summary = await runWorkflow(engine, doc);
      expect(summary.status).toBe('succeeded');
      expect(submitted).toHaveLength(1);
      expect(submitted[0]!.component.env).toEqual({ TOKEN: '${secret:TOKEN}' });
      expect(JSON.stringify(submitted)).not.toContain(SECRET);
      const logs = await engine.runStore.getLogs(summary.runId);
      expect(logs.map((l) => l.line)).toContain('token is ***');
      const [node] = await engine.runStore.listNodes(summary.runId);
      expect(node!.outputs).toEqual({ len: SECRET.length });
      expect(JSON.stringify({ logs, node })).not.toContain(SECRET);
    } finally {
      await consumer.close();
      await engine.close();
      await workerExecutor.close();
    }
  });
});
