import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@twingraph/model';
import { runWorkflow } from './workflow-runner.js';
import { codeEngine, describeGraph, edge, js, python, workflow } from './workflow.test-support.js';

// ACCEPTANCE.md "Engine behaviour every release keeps", written as workflow documents.
const engine = codeEngine();
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'twingraph-wf-'))));
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const graphOf = async (runId: string) => describeGraph((await engine.lineageStore!.getRunGraph(runId))!);
const nodesOf = async (runId: string) => new Map((await engine.runStore.listNodes(runId)).map((n) => [n.name, n]));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('workflow documents: engine behaviour', () => {
  it('fans out 1,000 items through a map node and fans in their sum', async () => {
    const doc = workflow('fan-out', [
      js('numbers', 'return { items: Array.from({ length: inputs.n }, (_, i) => i + 1) };', [{ name: 'n', type: 'number', default: 1000 }], [{ name: 'items', type: 'array' }]),
      { id: 'each', type: 'map', over: 'items', body: 'double', maxParallel: 8, maxIterations: 1000, inputs: [{ name: 'items', type: 'array' }] },
      // JavaScript runs on the warm worker pool (no process per item), the cheapest runtime for 1,000 items.
      js('double', 'return { doubled: inputs.item * 2 };', [{ name: 'item', type: 'number' }], [{ name: 'doubled', type: 'number' }]),
      js('sum', 'return { total: inputs.results.reduce((t, r) => t + r.doubled, 0), count: inputs.results.length };', [{ name: 'results', type: 'array' }], [{ name: 'total', type: 'number' }, { name: 'count', type: 'number' }]),
    ], [edge('numbers', 'items', 'each', 'items'), edge('each', 'results', 'sum', 'results')], { maxParallel: 8 });
    const summary = await runWorkflow(engine, doc);
    expect(summary.status).toBe('succeeded');
    expect(summary.result).toEqual({ sum: { total: 1_001_000, count: 1000 } });
    expect(summary.counts.succeeded).toBe(1002);
    const graph = (await engine.lineageStore!.getRunGraph(summary.runId))!;
    const doubles = graph.components.filter((c) => c.name === 'double');
    expect(doubles).toHaveLength(1000);
    expect(new Set(doubles.map((c) => c.executionId)).size).toBe(1000);
    const sum = graph.components.find((c) => c.name === 'sum')!;
    expect(graph.edges.filter((e) => e.label === 'DEPENDS_ON' && e.from === sum.executionId)).toHaveLength(1000);

    const tooMany = await runWorkflow(engine, { ...doc, nodes: (doc.nodes as Array<Record<string, unknown>>).map((n) => (n.id === 'each' ? { ...n, maxIterations: 10 } : n)) });
    expect(tooMany.status).toBe('failed');
    expect((await nodesOf(tooMany.runId)).get('each')?.error?.message).toMatch(/1000 items exceed maxIterations 10/);
  });

  it.each([[20, 40, 'double', 'add10'], [5, 15, 'add10', 'double']])('routes %i to %i through a condition and records the untaken branch as skipped', async (value, expected, taken, untaken) => {
    const doc = workflow('conditional', [
      js('source', 'return { value: inputs.value };', [{ name: 'value', type: 'number', default: 0 }], [{ name: 'value', type: 'number' }]),
      { id: 'big', type: 'condition', expression: 'value > 10', inputs: [{ name: 'value', type: 'number' }] },
      js('double', 'return { value: inputs.value * 2 };', [{ name: 'value', type: 'number' }], [{ name: 'value', type: 'number' }]),
      js('add10', 'return { value: inputs.value + 10 };', [{ name: 'value', type: 'number' }], [{ name: 'value', type: 'number' }]),
      js('after_double', 'return { seen: inputs.value };', [{ name: 'value', type: 'number' }], [{ name: 'seen', type: 'number' }]),
      js('result', 'return { value: inputs.value };', [{ name: 'value', type: 'number' }], [{ name: 'value', type: 'number' }], { join: 'any' }),
    ], [
      edge('source', 'value', 'big', 'value'), edge('big', 'true', 'double', undefined), edge('big', 'false', 'add10', undefined),
      edge('double', 'value', 'after_double', 'value'), edge('double', 'value', 'result', 'value'), edge('add10', 'value', 'result', 'value'),
    ]);
    const summary = await runWorkflow(engine, doc, { inputs: { value } });
    expect(summary.status).toBe('succeeded');
    expect((summary.result as Record<string, unknown>).result).toEqual({ value: expected });
    const nodes = await nodesOf(summary.runId);
    expect(nodes.get(taken)!.status).toBe('succeeded');
    expect(nodes.get(untaken)!.status).toBe('skipped');
    expect(nodes.get('after_double')!.status).toBe(taken === 'double' ? 'succeeded' : 'skipped');
    const { byName, dependsOn } = await graphOf(summary.runId);
    expect(byName.get(untaken)!.attributes).toMatchObject({ skipReason: "condition 'big' took the other branch" });
    expect(byName.get('big')!.outputs).toMatchObject({ result: value > 10 });
    expect(dependsOn).toContain(`${taken} <- big [${value > 10 ? 'true' : 'false'}→value]`);
    expect(dependsOn).toContain(`result <- ${taken} [value→value]`);
  });

  it('retries a node that fails twice and records three attempts', async () => {
    const counter = join(dir, 'attempts.txt');
    writeFileSync(counter, '0');
    const doc = workflow('flaky', [
      js('flaky', `const fs = require('node:fs');
const n = Number(fs.readFileSync(inputs.counter, 'utf8')) + 1;
fs.writeFileSync(inputs.counter, String(n));
if (n < 3) throw new Error('flaky failure ' + n);
return { attempt: n };`, [{ name: 'counter', type: 'string', default: counter }], [{ name: 'attempt', type: 'number' }], { retry: { maxAttempts: 3, backoff: { initialMs: 10, factor: 1, maxMs: 10, jitter: 0 } } }),
    ]);
    const summary = await runWorkflow(engine, doc);
    expect(summary.status).toBe('succeeded');
    expect(summary.result).toEqual({ flaky: { attempt: 3 } });
    const node = (await nodesOf(summary.runId)).get('flaky')!;
    expect(node.attempts.map((a) => a.status)).toEqual(['failed', 'failed', 'succeeded']);
    expect((await graphOf(summary.runId)).byName.get('flaky')!.attempts).toBe(3);
  });

  const failing = (errorHandler: 'fail' | 'continue') => workflow(`errors-${errorHandler}`, [
    js('start', 'return { n: 1 };', [], [{ name: 'n', type: 'number' }]),
    js('boom', 'throw new Error("boom failed");', [{ name: 'n', type: 'number' }], [{ name: 'n', type: 'number' }]),
    js('after_boom', 'return { n: inputs.n };', [{ name: 'n', type: 'number' }], [{ name: 'n', type: 'number' }]),
    js('slow', 'await new Promise((r) => setTimeout(r, 400)); return { n: inputs.n };', [{ name: 'n', type: 'number' }], [{ name: 'n', type: 'number' }]),
    js('after_slow', 'return { n: inputs.n + 1 };', [{ name: 'n', type: 'number' }], [{ name: 'n', type: 'number' }]),
  ], [edge('start', 'n', 'boom', 'n'), edge('boom', 'n', 'after_boom', 'n'), edge('start', 'n', 'slow', 'n'), edge('slow', 'n', 'after_slow', 'n')], { errorHandler });

  it("errorHandler 'fail' stops the run: running nodes cancelled, the rest recorded cancelled", async () => {
    const summary = await runWorkflow(engine, failing('fail'));
    expect(summary.status).toBe('failed');
    const nodes = await nodesOf(summary.runId);
    expect(nodes.get('boom')!.status).toBe('failed');
    expect(nodes.get('boom')!.error?.message).toContain('boom failed');
    expect(nodes.get('boom')!.error?.stack).toBeTruthy();
    expect(nodes.get('slow')!.status).toBe('cancelled');
    expect(nodes.get('after_boom')!.status).toBe('cancelled');
    expect(nodes.get('after_slow')!.status).toBe('cancelled');
  });

  it("errorHandler 'continue' lets independent branches finish and skips what depends on the failure", async () => {
    const summary = await runWorkflow(engine, failing('continue'));
    expect(summary.status).toBe('failed');
    expect(summary.result).toEqual({ after_slow: { n: 2 } });
    const nodes = await nodesOf(summary.runId);
    expect(nodes.get('after_slow')!.status).toBe('succeeded');
    expect(nodes.get('after_boom')!.status).toBe('skipped');
    const { byName, dependsOn } = await graphOf(summary.runId);
    expect(byName.get('after_boom')!.attributes).toMatchObject({ skipReason: "upstream 'boom' did not succeed" });
    expect(dependsOn).toContain('after_boom <- boom []');
  });

  it('a timeout kills the process itself', async () => {
    const pidFile = join(dir, 'sleeper.pid');
    const doc = workflow('timeout', [
      python('sleeper', `import os, time
def process(inputs):
    with open(inputs["pid_file"], "w") as f:
        f.write(str(os.getpid()))
    time.sleep(30)
    return {}`, [{ name: 'pid_file', type: 'string', default: pidFile }], [], { timeoutMs: 1500 }),
    ]);
    const started = Date.now();
    const summary = await runWorkflow(engine, doc);
    expect(summary.status).toBe('failed');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await nodesOf(summary.runId)).get('sleeper')!.error?.code).toBe(ERROR_CODES.TIMEOUT);
    expect(existsSync(pidFile)).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(pid)).toBe(false);
  });

  it('cancelling via AbortSignal stops running nodes within seconds and marks the rest cancelled', async () => {
    const sleeper = (id: string) => python(id, 'import time\ndef process(inputs):\n    time.sleep(30)\n    return {"done": True}', [], [{ name: 'done', type: 'boolean' }]);
    const doc = workflow('cancel', [
      sleeper('s1'), sleeper('s2'),
      js('after', 'return { ok: true };', [{ name: 'a', type: 'boolean' }, { name: 'b', type: 'boolean' }], [{ name: 'ok', type: 'boolean' }]),
    ], [edge('s1', 'done', 'after', 'a'), edge('s2', 'done', 'after', 'b')]);
    const controller = new AbortController();
    const running = new Set<string>();
    const started = Date.now();
    const summary = await runWorkflow(engine, doc, {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'node.status' && event.status === 'running') running.add(event.name);
        if (running.size === 2 && !controller.signal.aborted) setTimeout(() => controller.abort(), 200);
      },
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(summary.status).toBe('cancelled');
    const nodes = await nodesOf(summary.runId);
    expect([nodes.get('s1')!.status, nodes.get('s2')!.status, nodes.get('after')!.status]).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(summary.counts.cancelled).toBe(3);
  });
});
