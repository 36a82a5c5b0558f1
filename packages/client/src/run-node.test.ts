import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientError } from './client-error.js';
import { chainWorkflow, startClientHarness, type ClientHarness } from './client.test-support.js';

describe('TwinGraphClient executions.runNode against a real server', () => {
  let h: ClientHarness;
  beforeAll(async () => {
    h = await startClientHarness();
  });
  afterAll(async () => h.t.cleanup());

  it('runs one node alone with its upstream result reused: same hash, the upstream execution as parent', async () => {
    const { id: workflowId } = await h.client.workflows.create({ document: chainWorkflow('client-node-run') });
    const { executionId } = await h.client.executions.start({ workflowId, inputs: { start: 10 } });
    expect((await h.client.executions.waitForEnd(executionId)).status).toBe('succeeded');
    const full = await h.client.executions.get(executionId);
    const [, b, c] = full.nodes;

    const started = await h.client.executions.runNode(executionId, 'c');
    expect(started).toEqual({ executionId: started.executionId, baseExecutionId: executionId, parents: [{ nodeId: 'b', executionId: b!.executionId, hash: b!.hash }], pinned: [] });
    expect((await h.client.executions.waitForEnd(started.executionId)).status).toBe('succeeded');
    const alone = await h.client.executions.get(started.executionId);
    expect(alone.nodes.map((n) => [n.name, n.hash, n.outputs, n.parents])).toEqual([['c', c!.hash, { n: 13 }, [b!.executionId]]]);

    // The node whose inputs include a workflow input (start=10 from the run) keeps its hash too.
    const first = await h.client.executions.runNode(executionId, 'a');
    await h.client.executions.waitForEnd(first.executionId);
    expect((await h.client.executions.get(first.executionId)).nodes[0]).toMatchObject({ hash: full.nodes[0]!.hash, outputs: { n: 11 } });

    const pinned = await h.client.executions.runNode(executionId, 'c', { pinnedOutputs: { b: { n: 100 } } });
    expect(pinned).toMatchObject({ parents: [], pinned: ['b'] });
    await h.client.executions.waitForEnd(pinned.executionId);
    expect((await h.client.executions.get(pinned.executionId)).nodes[0]).toMatchObject({ outputs: { n: 101 }, parents: [] });

    const missing = await h.client.executions.runNode(executionId, 'nope').then(() => undefined, (e: unknown) => e);
    expect(missing).toBeInstanceOf(ClientError);
    expect(missing).toMatchObject({ code: 'ERR_NOT_FOUND', status: 404 });
  }, 60_000);
});
