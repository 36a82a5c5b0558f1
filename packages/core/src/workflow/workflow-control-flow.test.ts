import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWorkflow } from './workflow-runner.js';
import { codeEngine, describeGraph, edge, js, workflow } from './workflow.test-support.js';

const engine = codeEngine();
afterAll(() => engine.close());
const graphOf = async (runId: string) => describeGraph((await engine.lineageStore!.getRunGraph(runId))!);
const nodesOf = async (runId: string) => new Map((await engine.runStore.listNodes(runId)).map((n) => [n.name, n]));
const num = (name: string, extra: Record<string, unknown> = {}) => ({ name, type: 'number', ...extra });

describe('workflow documents: control flow and joins', () => {
  it('loops while the expression holds, feeding outputs to the next iteration', async () => {
    const doc = workflow('loop', [
      { id: 'grow', type: 'loop', while: 'n < limit', body: 'double', maxIterations: 20, inputs: [num('n', { default: 1 }), num('limit', { default: 100 })] },
      js('double', 'return { n: inputs.n * 2 };', [num('n')], [num('n')]),
      js('report', 'return { n: inputs.n, iterations: inputs.iterations };', [num('n'), num('iterations')], [num('n'), num('iterations')]),
    ], [edge('grow', 'n', 'report', 'n'), edge('grow', 'iterations', 'report', 'iterations')]);
    const summary = await runWorkflow(engine, doc);
    expect(summary.result).toEqual({ report: { n: 128, iterations: 7 } });
    const { dependsOn } = await graphOf(summary.runId);
    // Each iteration depends on the one before; the consumer on the last.
    expect(dependsOn.filter((d) => d.startsWith('double <- double'))).toHaveLength(6);
    expect(dependsOn).toContain('report <- double [n→n]');
    const capped = await runWorkflow(engine, doc, { inputs: { limit: 1e9 } });
    expect(capped.result).toEqual({ report: { n: 2 ** 20, iterations: 20 } });
  });

  it('runs an inline sub-workflow and one by ref inside the same run, ids prefixed', async () => {
    const inner = workflow('inner', [
      js('times3', 'return { n: inputs.n * 3 };', [num('n', { default: 0 })], [num('n')]),
      js('plus1', 'return { n: inputs.n + 1 };', [num('n')], [num('n')]),
    ], [edge('times3', 'n', 'plus1', 'n')]);
    const doc = workflow('outer', [
      js('start', 'return { n: 4 };', [], [num('n')]),
      { id: 'sub', type: 'subworkflow', workflow: inner, inputs: [num('n')], outputs: [num('n')] },
      { id: 'ref', type: 'subworkflow', ref: 'fixtures/add-one.workflow.json', inputs: [num('n')], outputs: [num('n')] },
    ], [edge('start', 'n', 'sub', 'n'), edge('sub', 'n', 'ref', 'n')]);
    const summary = await runWorkflow(engine, doc, { baseDir: import.meta.dirname });
    expect(summary.status).toBe('succeeded');
    expect(summary.result).toEqual({ ref: { n: 14 } });
    const { dependsOn } = await graphOf(summary.runId);
    expect(dependsOn).toEqual(['ref/inc <- sub/plus1 [n→n]', 'sub/plus1 <- sub/times3 [n→n]', 'sub/times3 <- start [n→n]']);
    await expect(runWorkflow(engine, { ...doc, nodes: [...(doc.nodes as unknown[]), { id: 'gone', type: 'subworkflow', ref: 'nope.json' }] }, { baseDir: join(import.meta.dirname, 'fixtures') }))
      .rejects.toMatchObject({ code: 'ERR_MODULE_LOAD_FAILED' });
  });

  it("join 'ignoreFailed' runs once every upstream ended, without the failed inputs", async () => {
    const doc = workflow('ignore-failed', [
      js('ok', 'return { v: 1 };', [], [num('v')]),
      js('bad', 'throw new Error("nope");', [], [num('v')]),
      js('merge', 'return { got: inputs };', [num('a', { default: 0 }), num('b', { default: -1 })], [{ name: 'got', type: 'object' }], { join: 'ignoreFailed' }),
      js('strict', 'return { got: inputs };', [num('a'), num('b')], [{ name: 'got', type: 'object' }]),
    ], [edge('ok', 'v', 'merge', 'a'), edge('bad', 'v', 'merge', 'b'), edge('ok', 'v', 'strict', 'a'), edge('bad', 'v', 'strict', 'b')], { errorHandler: 'continue' });
    const summary = await runWorkflow(engine, doc);
    expect(summary.status).toBe('failed');
    expect(summary.result).toEqual({ merge: { got: { a: 1, b: -1 } } });
    const nodes = await nodesOf(summary.runId);
    expect(nodes.get('strict')!.status).toBe('skipped');
  });

  it("join 'any' starts as soon as one upstream succeeded", async () => {
    const doc = workflow('any', [
      js('fast', 'return { v: "fast" };', [], [{ name: 'v', type: 'string' }]),
      js('slow', 'await new Promise((r) => setTimeout(r, 500)); return { v: "slow" };', [], [{ name: 'v', type: 'string' }]),
      js('first', 'return { winner: inputs.v };', [{ name: 'v', type: 'string' }], [{ name: 'winner', type: 'string' }], { join: 'any' }),
    ], [edge('fast', 'v', 'first', 'v'), edge('slow', 'v', 'first', 'v')]);
    const summary = await runWorkflow(engine, doc);
    expect(summary.result).toEqual({ first: { winner: 'fast' }, });
    expect((await graphOf(summary.runId)).dependsOn).toEqual(['first <- fast [v→v]']);
  });

  it('fails a condition whose expression meets the wrong types, with the position', async () => {
    const doc = workflow('bad-expression', [
      js('src', 'return { s: "text" };', [], [{ name: 's', type: 'string' }]),
      { id: 'check', type: 'condition', expression: 's > 3', inputs: [{ name: 's', type: 'string' }] },
    ], [edge('src', 's', 'check', 's')]);
    const summary = await runWorkflow(engine, doc);
    expect(summary.status).toBe('failed');
    expect((await nodesOf(summary.runId)).get('check')!.error?.message).toMatch(/Cannot compare string "text" > number 3 \(at position 2/);
  });

  it('imports a TwinGraph 2.0 designer document with warnings and runs it', async () => {
    const legacy = {
      name: 'legacy-designer',
      nodes: [
        { id: 'n1', type: 'pythonNode', position: { x: 0, y: 0 }, data: { label: 'Make', language: 'javascript', code: 'export function process() { return { value: 21 }; }', outputs: ['value'], color: '#fff' } },
        { id: 'n2', type: 'pythonNode', position: { x: 200, y: 0 }, data: { label: 'Double', language: 'javascript', code: 'export function process(i) { return { doubled: i.value * 2 }; }', inputs: [{ name: 'value', type: 'int' }], retries: 1 } },
      ],
      edges: [{ id: 'e1', source: 'n1', sourceHandle: 'value', target: 'n2', targetHandle: 'value' }],
    };
    const warnings: string[] = [];
    const summary = await runWorkflow(engine, legacy, { onWarning: (w) => warnings.push(w) });
    expect(summary.status).toBe('succeeded');
    expect(summary.pipeline).toBe('legacy-designer');
    expect(summary.result).toEqual({ n2: { doubled: 42 } });
    expect(warnings.join('\n')).toMatch(/TwinGraph 2.0 designer document/);
    expect(warnings.join('\n')).toMatch(/ignored data field\(s\) color/);
    expect(warnings.join('\n')).toMatch(/'pythonNode'/);
  });
});
