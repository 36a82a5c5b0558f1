import { afterAll, describe, expect, it } from 'vitest';
import { runWorkflow } from './workflow-runner.js';
import { codeEngine, edge, js, workflow } from './workflow.test-support.js';

const engine = codeEngine();
afterAll(() => engine.close());

describe('runWorkflow inputProviders', () => {
  it('makes executions of an earlier run the parents of the node an input feeds, with the hash of the full run', async () => {
    const a = js('a', 'return { n: inputs.n + 1 };', [{ name: 'n', type: 'number', default: 1 }], [{ name: 'n', type: 'number' }]);
    const b = js('b', 'return { n: inputs.n * 10 };', [{ name: 'n', type: 'number', required: true }], [{ name: 'n', type: 'number' }]);
    const full = await runWorkflow(engine, workflow('providers', [a, b], [edge('a', 'n', 'b', 'n')]));
    const [ra, rb] = await engine.runStore.listNodes(full.runId);

    const alone = workflow('providers', [{ ...b, inputs: [{ name: 'n', type: 'number' }] }]);
    const reused = await runWorkflow(engine, alone, { inputs: { n: 2 }, inputProviders: { n: [{ executionId: ra!.executionId, hash: ra!.hash, fromOutput: 'n' }] } });
    const [node] = await engine.runStore.listNodes(reused.runId);
    expect(node).toMatchObject({ name: 'b', hash: rb!.hash, parents: [ra!.executionId], outputs: { n: 20 } });
    const graph = await engine.lineageStore!.getRunGraph(reused.runId);
    expect(graph!.edges.filter((e) => e.label === 'DEPENDS_ON').map((e) => [e.from, e.to, e.properties['data_flow']])).toEqual([[node!.executionId, ra!.executionId, [{ from_output: 'n', to_input: 'n' }]]]);

    // Without a provider the same value is a plain workflow input: no parent, another hash.
    const plain = await runWorkflow(engine, alone, { inputs: { n: 2 } });
    const [other] = await engine.runStore.listNodes(plain.runId);
    expect(other).toMatchObject({ parents: [], outputs: { n: 20 } });
    expect(other!.hash).not.toBe(rb!.hash);
  });
});
