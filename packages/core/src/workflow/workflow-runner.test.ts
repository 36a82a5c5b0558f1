import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@twingraph/model';
import { runWorkflow } from './workflow-runner.js';
import { codeEngine, describeGraph, edge, js, workflow } from './workflow.test-support.js';

const engine = codeEngine();
afterAll(() => engine.close());

const graphOf = async (runId: string) => describeGraph((await engine.lineageStore!.getRunGraph(runId))!);

describe('runWorkflow: data between nodes', () => {
  it('passes data along a linear chain unchanged and records port-to-port data flow', async () => {
    const payload = { text: 'héllo 世界 🚀', nested: { list: [1, 2.5, null, true], empty: {} }, none: null, flag: false };
    const doc = workflow('chain', [
      js('a', 'return { out: inputs.payload };', [{ name: 'payload', type: 'object', default: payload }], [{ name: 'out', type: 'object' }]),
      js('b', 'return { out: inputs.value };', [{ name: 'value', type: 'object' }], [{ name: 'out', type: 'object' }]),
      js('c', 'return { final: inputs.value };', [{ name: 'value', type: 'object' }], [{ name: 'final', type: 'object' }]),
    ], [edge('a', 'out', 'b', 'value'), edge('b', 'out', 'c', 'value')]);
    const summary = await runWorkflow(engine, doc);
    expect(summary.status).toBe('succeeded');
    expect(summary.result).toEqual({ c: { final: payload } });
    expect(summary.pipeline).toBe('chain');
    const { dependsOn, byName } = await graphOf(summary.runId);
    expect(dependsOn).toEqual(['b <- a [out→value]', 'c <- b [out→value]']);
    expect(byName.get('c')!.outputs).toEqual({ final: payload });
  });

  it('joins both branches of a diamond', async () => {
    const doc = workflow('diamond', [
      js('start', 'return { n: inputs.n };', [{ name: 'n', type: 'number', default: 3 }], [{ name: 'n', type: 'number' }]),
      js('left', 'return { v: inputs.n + 1 };', [{ name: 'n', type: 'number' }], [{ name: 'v', type: 'number' }]),
      js('right', 'return { v: inputs.n * 10 };', [{ name: 'n', type: 'number' }], [{ name: 'v', type: 'number' }]),
      js('join', 'return { total: inputs.a + inputs.b };', [{ name: 'a', type: 'number' }, { name: 'b', type: 'number' }], [{ name: 'total', type: 'number' }]),
    ], [edge('start', 'n', 'left', 'n'), edge('start', 'n', 'right', 'n'), edge('left', 'v', 'join', 'a'), edge('right', 'v', 'join', 'b')]);
    const summary = await runWorkflow(engine, doc, { inputs: { n: 5 } });
    expect(summary.result).toEqual({ join: { total: 56 } });
    expect((await graphOf(summary.runId)).dependsOn).toEqual([
      'join <- left [v→a]', 'join <- right [v→b]', 'left <- start [n→n]', 'right <- start [n→n]',
    ]);
  });

  it('feeds workflow inputs to unconnected inputs of that name, else defaults; handle-less edges pass whole outputs', async () => {
    const doc = workflow('feeding', [
      js('a', 'return { x: inputs.x, y: inputs.y };', [{ name: 'x', type: 'number', default: 1 }, { name: 'y', type: 'number', default: 2 }], [{ name: 'x' }, { name: 'y' }]),
      js('b', 'return { got: inputs };', [], [{ name: 'got', type: 'object' }]),
      js('c', 'return { whole: inputs.all };', [{ name: 'all', type: 'object' }], [{ name: 'whole', type: 'object' }]),
    ], [edge('a', undefined, 'b', undefined), edge('a', undefined, 'c', 'all')]);
    const summary = await runWorkflow(engine, doc, { inputs: { x: 40 } });
    expect(summary.result).toEqual({ b: { got: { x: 40, y: 2 } }, c: { whole: { x: 40, y: 2 } } });
    expect((await graphOf(summary.runId)).dependsOn).toEqual(['b <- a [x→x,y→y]', 'c <- a [*→all]']);
  });

  it('fails a node whose outputs miss a declared port or have the wrong type, without retrying', async () => {
    const doc = workflow('ports', [
      js('bad', 'return { n: "three" };', [], [{ name: 'n', type: 'number' }, { name: 'm', type: 'string' }], { retry: { maxAttempts: 3 } }),
    ]);
    const summary = await runWorkflow(engine, doc);
    expect(summary.status).toBe('failed');
    const [node] = await engine.runStore.listNodes(summary.runId);
    expect(node!.error?.code).toBe(ERROR_CODES.INVALID_OUTPUTS);
    expect(node!.error?.message).toMatch(/output 'n' should be number but is string; missing output 'm'/);
    expect(node!.attempts).toHaveLength(1);
  });

  it('rejects an invalid document before any run starts', async () => {
    const before = (await engine.runStore.listRuns()).length;
    const bad = workflow('bad', [js('a', 'return {};'), { id: 'c', type: 'condition', expression: 'x > (1 +', inputs: [] }], [edge('a', undefined, 'b', undefined)]);
    await expect(runWorkflow(engine, bad)).rejects.toMatchObject({ code: ERROR_CODES.VALIDATION });
    const cyclic = workflow('cyclic', [js('a', 'return {};'), js('b', 'return {};')], [edge('a', undefined, 'b', undefined), edge('b', undefined, 'a', undefined)]);
    await expect(runWorkflow(engine, cyclic)).rejects.toMatchObject({ code: ERROR_CODES.DAG_CYCLE });
    const docker = workflow('k8s', [{ ...js('a', 'return {};'), platform: 'kubernetes' }]);
    await expect(runWorkflow(engine, docker)).rejects.toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED });
    expect((await engine.runStore.listRuns()).length).toBe(before);
  });

  it('runs a docker code node locally when no Docker executor is configured, and records it', async () => {
    const doc = workflow('docker-fallback', [{ ...js('d', 'return { ok: true };', [], [{ name: 'ok', type: 'boolean' }]), platform: 'docker' }]);
    const summary = await runWorkflow(engine, doc);
    expect(summary.status).toBe('succeeded');
    const { byName } = await graphOf(summary.runId);
    expect(byName.get('d')).toMatchObject({ platform: 'docker', attributes: expect.objectContaining({ ranLocally: true }) });
    const logs = await engine.runStore.getLogs(summary.runId);
    expect(logs.some((l) => l.stream === 'system' && /No docker executor is configured/.test(l.line))).toBe(true);
  });
});
