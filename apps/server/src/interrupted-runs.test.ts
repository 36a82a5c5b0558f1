import { createEngine, InMemoryRunStore } from '@twingraph/core';
import { describe, expect, it } from 'vitest';
import { createServer } from './create-server.js';
import { WORKFLOW_ID_LABEL } from './executions/execution-service.js';
import { FileWorkflowStore } from './workflows/file-workflow-store.js';

describe('restart safety', () => {
  it('records runs it cannot resume (their workflow version is gone) as failed with the reason, unfinished nodes cancelled', async () => {
    const runStore = new InMemoryRunStore();
    const startedAt = new Date().toISOString();
    await runStore.write([
      { kind: 'run', run: { runId: 'r-server', pipeline: 'p', version: 'v', status: 'running', startedAt, labels: { [WORKFLOW_ID_LABEL]: 'w1' } } },
      { kind: 'node', node: { executionId: 'n1', runId: 'r-server', name: 'a', hash: 'h1', platform: 'local', status: 'succeeded', parents: [], attempts: [] } },
      { kind: 'node', node: { executionId: 'n2', runId: 'r-server', name: 'b', hash: 'h2', platform: 'local', status: 'running', parents: ['n1'], attempts: [] } },
      // A CLI run in the same store is not the server's to close.
      { kind: 'run', run: { runId: 'r-cli', pipeline: 'p', version: 'v', status: 'running', startedAt } },
    ]);
    const engine = createEngine({ runStore });
    const server = await createServer({ engine, workflowStore: new FileWorkflowStore(), logger: false, auth: { mode: 'off' } });
    try {
      expect(await runStore.getRun('r-server')).toMatchObject({ status: 'failed', error: { code: 'ERR_CANCELLED' } });
      expect((await runStore.getRun('r-server'))!.error!.message).toContain("version ? of workflow 'w1' it ran no longer exists");
      expect((await runStore.listNodes('r-server')).map((n) => n.status)).toEqual(['succeeded', 'cancelled']);
      expect(await runStore.getRun('r-cli')).toMatchObject({ status: 'running' });
    } finally {
      await server.close();
      await engine.close();
    }
  });
});
