import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type LineageGraph, type NodeRecord } from '@twingraph/model';
import { createEngine, type Engine } from './engine.js';
import type { RunSession } from './run-session.js';
import { fnComponent } from './test-helpers.test-support.js';
import { InMemoryRunStore } from '../memory/in-memory-run-store.js';
import { InMemoryLineageStore } from '../memory/in-memory-lineage-store.js';
import type { ComponentDefinition } from './component-definition.js';
import { runWorkflow } from '../workflow/workflow-runner.js';
import { edge, js, workflow } from '../workflow/workflow.test-support.js';
import { LocalExecutor } from '../executors/local-executor.js';
import { createDefaultRuntimes } from '../runtimes/default-runtimes.js';

/**
 * Components that count their executions. After hold(), 'slow' calls hang for good (the driver is
 * killed while they run); after unblock(), new calls finish.
 */
function counted(): { calls: Map<string, number>; add: ComponentDefinition; slow: ComponentDefinition; unblock: () => void; hold: () => void } {
  const calls = new Map<string, number>();
  const bump = (name: string): void => void calls.set(name, (calls.get(name) ?? 0) + 1);
  let gate: Promise<void> = Promise.resolve();
  return {
    calls,
    add: fnComponent('add', (i: { a: number; b: number }) => {
      bump('add');
      return { sum: i.a + i.b };
    }),
    slow: fnComponent('slow', async (i: { x: number }) => {
      bump('slow');
      await gate;
      return { y: i.x * 10 };
    }),
    hold: () => {
      gate = new Promise<void>(() => {});
    },
    unblock: () => {
      gate = Promise.resolve();
    },
  };
}

/** The pipeline: a chain add → add, then two slow branches joined by add. */
async function pipelineBody(run: RunSession, c: ReturnType<typeof counted>): Promise<number> {
  const a = await run.call(c.add, { a: 1, b: 2 });
  const b = await run.call(c.add, { a: a.outputs.sum as number, b: 3 });
  const [l, r] = await Promise.all([run.call(c.slow, { x: b.outputs.sum as number }), run.call(c.slow, { x: 7 })]);
  const j = await run.call(c.add, { a: l.outputs.y as number, b: r.outputs.y as number });
  return j.outputs.sum as number;
}

function stores(): { runStore: InMemoryRunStore; lineageStore: InMemoryLineageStore } {
  return { runStore: new InMemoryRunStore(), lineageStore: new InMemoryLineageStore() };
}

function shape(graph: LineageGraph | undefined): string[] {
  const names = new Map(graph!.components.map((c) => [c.executionId, `${c.name}:${c.hash.slice(0, 12)}`]));
  return [
    ...graph!.components.map((c) => `V ${c.name}:${c.hash.slice(0, 12)} ${c.status} ${JSON.stringify(c.outputs)}`),
    ...graph!.edges.filter((e) => e.label === 'DEPENDS_ON').map((e) => `E ${names.get(e.from)} -> ${names.get(e.to)}`),
  ].sort();
}

/** Starts the pipeline and abandons it once both 'add' calls are recorded and the slow ones are running. */
async function interruptedRun(engine: Engine, c: ReturnType<typeof counted>): Promise<string> {
  c.hold();
  const session = await engine.startRun({ name: 'p', version: 'v1', inputs: { n: 1 } });
  void pipelineBody(session, c).catch(() => {});
  while ((c.calls.get('slow') ?? 0) < 2) await new Promise((resolve) => setTimeout(resolve, 1));
  await session.writer.flush();
  c.unblock();
  return session.runId;
}

describe('engine.resumeRun', () => {
  it('reuses what the interrupted run finished, runs the rest, and ends like an uninterrupted run', async () => {
    const reference = counted();
    const plain = createEngine();
    const plainRun = await plain.startRun({ name: 'p', version: 'v1' });
    const expected = await pipelineBody(plainRun, reference);
    await plainRun.finish({ ok: true, value: expected });

    const shared = stores();
    const c = counted();
    const runId = await interruptedRun(createEngine(shared), c);
    expect(c.calls.get('add')).toBe(2);
    expect((await shared.runStore.getRun(runId))?.status).toBe('running');

    const engine = createEngine(shared);
    const resumed = await engine.resumeRun(runId, { name: 'p', version: 'v1' });
    expect(resumed.runId).toBe(runId);
    expect(resumed.definition.inputs).toEqual({ n: 1 });
    const value = await pipelineBody(resumed, c);
    const summary = await resumed.finish({ ok: true, value });

    expect(value).toBe(expected);
    expect(summary.status).toBe('succeeded');
    expect(summary.counts.succeeded).toBe(5);
    // The two adds ran once (before the kill); the slow ones were lost and ran again; the join ran once.
    expect(c.calls.get('add')).toBe(3);
    expect(c.calls.get('slow')).toBe(4);
    expect(resumed.resume?.reused).toBe(2);
    const nodes = await shared.runStore.listNodes(runId);
    expect(nodes).toHaveLength(5);
    expect(new Set(nodes.map((n) => n.executionId)).size).toBe(5);
    expect(shape(await shared.lineageStore.getRunGraph(runId))).toEqual(shape(await plain.lineageStore!.getRunGraph(plainRun.runId)));
    const run = await shared.runStore.getRun(runId);
    expect(run?.status).toBe('succeeded');
    expect(run?.result).toBe(expected);
    expect((await shared.runStore.listRuns()).map((r) => r.runId)).toEqual([runId]);
  });

  it('rewrites a record the killed driver wrote to only one store', async () => {
    const shared = stores();
    const c = counted();
    const runId = await interruptedRun(createEngine(shared), c);
    // Lose the lineage record of the second add, as if the driver died between the two writes.
    const lost = (await shared.runStore.listNodes(runId)).find((n) => n.inputs?.['b'] === 3)!;
    await shared.lineageStore.clear({ pipelineId: runId });
    const firstOnly = (await shared.runStore.listNodes(runId)).filter((n) => n.executionId !== lost.executionId);
    await rewriteLineage(shared, runId, firstOnly);

    const resumed = await createEngine(shared).resumeRun(runId, { name: 'p', version: 'v1' });
    await resumed.finish({ ok: true, value: await pipelineBody(resumed, c) });
    expect(c.calls.get('add')).toBe(3);
    const graph = await shared.lineageStore.getRunGraph(runId);
    expect(graph?.components.map((v) => v.executionId)).toContain(lost.executionId);
    expect(graph?.components).toHaveLength(5);
  });

  it('runs a component that failed before again under its execution id, so it is recorded once', async () => {
    const shared = stores();
    let failures = 1;
    const flaky = fnComponent('flaky', () => {
      if (failures-- > 0) throw new Error('transient');
      return { ok: true };
    });
    const first = await createEngine(shared).startRun({ name: 'f', version: 'v1' });
    await first.call(flaky, {}).catch(() => {});
    await first.finish({ ok: false, error: new Error('pipeline failed') });
    expect((await shared.runStore.getRun(first.runId))?.status).toBe('failed');
    const [failed] = await shared.runStore.listNodes(first.runId);

    const resumed = await createEngine(shared).resumeRun(first.runId, { name: 'f', version: 'v1' });
    const again = await resumed.call(flaky, {});
    expect((await resumed.finish({ ok: true })).status).toBe('succeeded');
    expect(again.executionId).toBe(failed!.executionId);
    const nodes = await shared.runStore.listNodes(first.runId);
    expect(nodes.map((n) => n.status)).toEqual(['succeeded']);
    expect((await shared.lineageStore.getRunGraph(first.runId))?.components.map((v) => v.status)).toEqual(['succeeded']);
  });

  it('refuses an unknown run and a run that already succeeded', async () => {
    const engine = createEngine();
    await expect(engine.resumeRun('0190f0f0-0000-7000-8000-000000000000', { name: 'p', version: 'v1' })).rejects.toMatchObject({ code: ERROR_CODES.NOT_FOUND });
    const done = await engine.startRun({ name: 'p', version: 'v1' });
    await done.finish({ ok: true });
    await expect(engine.resumeRun(done.runId, { name: 'p', version: 'v1' })).rejects.toMatchObject({ code: ERROR_CODES.USAGE, message: expect.stringContaining('already succeeded') as string });
  });

  it('resumes a workflow document run (runWorkflow resume option)', async () => {
    const shared = stores();
    const engineWith = (): Engine => createEngine({ ...shared, executors: [new LocalExecutor({ runtimes: createDefaultRuntimes() })] });
    const a = js('a', 'return { v: 1 };', [], [{ name: 'v', type: 'number' }]);
    const b = js('b', 'return { v: inputs.v + 1 };', [{ name: 'v', type: 'number' }], [{ name: 'v', type: 'number' }]);
    // The driver got as far as node a: record that run, still 'running'.
    const partial = await runWorkflow(engineWith(), workflow('doc', [a]));
    const run = (await shared.runStore.getRun(partial.runId))!;
    await shared.runStore.write([{ kind: 'run', run: { ...run, status: 'running' } }]);
    const [recordedA] = await shared.runStore.listNodes(partial.runId);

    const whole = workflow('doc', [a, b], [edge('a', 'v', 'b', 'v')]);
    const resumed = await runWorkflow(engineWith(), whole, { runId: partial.runId, resume: true });
    expect(resumed.runId).toBe(partial.runId);
    expect(resumed.status).toBe('succeeded');
    expect(resumed.result).toEqual((await runWorkflow(engineWith(), whole)).result);
    const nodes = await shared.runStore.listNodes(partial.runId);
    expect(nodes.map((n) => n.name).sort()).toEqual(['a', 'b']);
    expect(nodes.find((n) => n.name === 'a')?.executionId).toBe(recordedA!.executionId);
    expect(nodes.find((n) => n.name === 'b')?.parents).toEqual([recordedA!.executionId]);
  });
});

async function rewriteLineage(shared: ReturnType<typeof stores>, runId: string, nodes: readonly NodeRecord[]): Promise<void> {
  const run = (await shared.runStore.getRun(runId))!;
  await shared.lineageStore.write([
    { kind: 'pipeline', vertex: { pipelineId: runId, name: run.pipeline, version: run.version, status: 'running', startedAt: run.startedAt } },
    ...nodes.map((n, order) => ({
      kind: 'component' as const,
      vertex: {
        executionId: n.executionId, pipelineId: runId, name: n.name, hash: n.hash, status: n.status, platform: n.platform,
        startedAt: n.startedAt!, inputs: n.inputs ?? {}, outputs: n.outputs, attempts: n.attempts.length, codeHash: n.name, componentOrder: order,
      },
      parents: n.parents.map((p) => ({ child: n.executionId, parent: p, dataFlow: [] })),
    })),
  ]);
}
