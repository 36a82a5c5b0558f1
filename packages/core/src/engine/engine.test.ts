import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type RunEvent } from '@twingraph/model';
import { createEngine } from './engine.js';
import { fnComponent, sleep } from './test-helpers.test-support.js';
import type { ComponentContext } from '../ports/executor.js';

const identity = fnComponent('identity', (i: { value: unknown }) => ({ value: i.value }));
const add = fnComponent('add', (i: { a: number; b: number }) => ({ sum: i.a + i.b }));

describe('engine: data flow', () => {
  it('passes data through a linear chain unchanged and records every link', async () => {
    const engine = createEngine();
    const run = await engine.startRun({ name: 'chain', version: 'v1' });
    const payload = { text: 'héllo ✓', list: [1, 2, { deep: null }], flag: true };
    let result = await run.call(identity, { value: payload });
    const ids = [result.executionId];
    for (let i = 0; i < 9; i++) {
      result = await run.call(identity, { value: result.outputs.value }, { parents: [result] });
      ids.push(result.executionId);
    }
    const summary = await run.finish({ ok: true });
    expect(summary.status).toBe('succeeded');
    expect(result.outputs.value).toEqual(payload);
    const upstream = await engine.lineageStore!.getUpstream(ids[9]!);
    expect(upstream.components.map((c) => c.executionId).sort()).toEqual([...ids].sort());
    expect(upstream.edges.filter((e) => e.label === 'DEPENDS_ON')).toHaveLength(9);
  });

  it('joins both branches of a diamond', async () => {
    const engine = createEngine();
    const run = await engine.startRun({ name: 'diamond', version: 'v1' });
    const top = await run.call(add, { a: 1, b: 1 });
    const [left, right] = await Promise.all([
      run.call(add, { a: top.outputs.sum, b: 10 }, { parents: [top] }),
      run.call(add, { a: top.outputs.sum, b: 100 }, { parents: [top] }),
    ]);
    const bottom = await run.call(add, { a: left.outputs.sum, b: right.outputs.sum }, { parents: [left, right] });
    await run.finish({ ok: true });
    expect(bottom.outputs.sum).toBe(12 + 102);
    const graph = await engine.lineageStore!.getUpstream(bottom.executionId);
    expect(graph.components).toHaveLength(4);
    expect(graph.edges.filter((e) => e.label === 'DEPENDS_ON' && e.to === top.executionId)).toHaveLength(2);
  });

  it('fans out 1,000 parallel calls and fans in their sum', async () => {
    const engine = createEngine();
    const run = await engine.startRun({ name: 'fan', version: 'v1', maxParallel: 64 });
    const square = fnComponent('square', async (i: { n: number }) => {
      await sleep(1);
      return { value: i.n * i.n };
    });
    const sum = fnComponent('sum', (i: { values: Array<{ value: number }> }) => ({ total: i.values.reduce((t, v) => t + v.value, 0) }));
    const parts = await Promise.all(Array.from({ length: 1000 }, (_, n) => run.call(square, { n })));
    const total = await run.call(sum, { values: parts });
    const summary = await run.finish({ ok: true });
    expect(total.outputs.total).toBe(Array.from({ length: 1000 }, (_, n) => n * n).reduce((a, b) => a + b, 0));
    expect(summary.counts.succeeded).toBe(1001);
    const graph = await engine.lineageStore!.getUpstream(total.executionId, { depth: 1 });
    expect(graph.edges.filter((e) => e.label === 'DEPENDS_ON')).toHaveLength(1000);
  });

  it('never runs more than maxParallel components at once', async () => {
    const engine = createEngine();
    const run = await engine.startRun({ name: 'limit', version: 'v1', maxParallel: 3 });
    let active = 0;
    let peak = 0;
    const slow = fnComponent('slow', async () => {
      peak = Math.max(peak, ++active);
      await sleep(5);
      active--;
      return {};
    });
    await Promise.all(Array.from({ length: 20 }, () => run.call(slow, {})));
    await run.finish({ ok: true });
    expect(peak).toBe(3);
  });

  it('starts a component the moment a promised input resolves', async () => {
    const engine = createEngine();
    const run = await engine.startRun({ name: 'promised', version: 'v1' });
    const first = run.call(add, { a: 2, b: 3 });
    const second = await run.call(identity, { value: first });
    expect(second.outputs.value).toEqual({ sum: 5 });
    await run.finish({ ok: true });
    const vertex = await engine.lineageStore!.getComponent(second.executionId);
    expect(vertex?.inputs.value).toEqual({ sum: 5 });
    const parents = (await engine.lineageStore!.getUpstream(second.executionId, { depth: 1 })).edges;
    expect(parents[0]?.properties).toEqual({ data_flow: [{ from_output: '*', to_input: 'value' }] });
  });
});

describe('engine: hashing', () => {
  it('gives the same hash for the same computation and a different one when inputs or parents differ', async () => {
    const engine = createEngine();
    const run = await engine.startRun({ name: 'hash', version: 'v1' });
    const a1 = await run.call(add, { a: 1, b: 2 });
    const a2 = await run.call(add, { b: 2, a: 1 });
    const a3 = await run.call(add, { a: 1, b: 3 });
    const child1 = await run.call(identity, { value: 1 }, { parents: [a1] });
    const child3 = await run.call(identity, { value: 1 }, { parents: [a3] });
    await run.finish({ ok: true });
    expect(a1.hash).toBe(a2.hash);
    expect(a1.executionId).not.toBe(a2.executionId);
    expect(a3.hash).not.toBe(a1.hash);
    expect(child1.hash).not.toBe(child3.hash);
  });

  it('accepts parents given as hashes of this run (the original parent_hash)', async () => {
    const engine = createEngine();
    const run = await engine.startRun({ name: 'hash-parents', version: 'v1' });
    const a = await run.call(add, { a: 1, b: 2 });
    const b = await run.call(identity, { value: 3 }, { parents: [a.hash] });
    await run.finish({ ok: true });
    const up = await engine.lineageStore!.getUpstream(b.executionId);
    expect(up.components.map((c) => c.name).sort()).toEqual(['add', 'identity']);
  });
});

describe('engine: retries, errors, timeouts, cancellation', () => {
  it('succeeds on the third attempt and records three attempts', async () => {
    const engine = createEngine();
    let calls = 0;
    const flaky = fnComponent('flaky', () => {
      if (++calls < 3) throw new Error(`boom ${calls}`);
      return { ok: true };
    }, { retry: { maxAttempts: 3, backoff: { initialMs: 5, factor: 2, jitter: 0 } } });
    const events: RunEvent[] = [];
    engine.on((e) => events.push(e));
    const run = await engine.startRun({ name: 'flaky', version: 'v1' });
    const result = await run.call(flaky, {});
    await run.finish({ ok: true });
    expect(result.outputs).toEqual({ ok: true });
    const vertex = await engine.lineageStore!.getComponent(result.executionId);
    expect(vertex?.attempts).toBe(3);
    const node = await engine.runStore.getNode(result.executionId);
    expect(node?.attempts.map((a) => a.status)).toEqual(['failed', 'failed', 'succeeded']);
    expect(events.filter((e) => e.type === 'node.retry')).toHaveLength(2);
  });

  it("stops the run at the first failure with errorHandler 'fail' and keeps the error and stack", async () => {
    const engine = createEngine();
    const run = await engine.startRun({ name: 'fail', version: 'v1', errorHandler: 'fail' });
    const bad = fnComponent('bad', () => {
      throw new Error('exploded');
    });
    const slow = fnComponent('slow', async (_: unknown, ctx: ComponentContext) => {
      await sleep(2000);
      return { late: !ctx.signal.aborted };
    });
    const slowCall = run.call(slow, {});
    await expect(run.call(bad, {})).rejects.toMatchObject({ code: ERROR_CODES.COMPONENT_FAILED, message: expect.stringContaining('exploded') });
    await expect(slowCall).rejects.toMatchObject({ code: ERROR_CODES.UPSTREAM_FAILED });
    await expect(run.call(add, { a: 1, b: 1 })).rejects.toMatchObject({ code: ERROR_CODES.UPSTREAM_FAILED });
    const summary = await run.finish({ ok: false, error: new Error('pipeline gave up') });
    expect(summary.status).toBe('failed');
    const nodes = await engine.runStore.listNodes(run.runId);
    const failed = nodes.find((n) => n.name === 'bad')!;
    expect(failed.error?.stack).toContain('exploded');
    expect(nodes.find((n) => n.name === 'slow')?.status).toBe('cancelled');
  });

  it("lets independent branches finish with errorHandler 'continue'", async () => {
    const engine = createEngine();
    const run = await engine.startRun({ name: 'continue', version: 'v1', errorHandler: 'continue' });
    const bad = fnComponent('bad', () => {
      throw new Error('exploded');
    });
    const slowOk = fnComponent('slow-ok', async () => {
      await sleep(30);
      return { done: true };
    });
    const [failed, ok] = await Promise.allSettled([run.call(bad, {}), run.call(slowOk, {})]);
    expect(failed.status).toBe('rejected');
    expect(ok.status).toBe('fulfilled');
    const after = await run.call(add, { a: 1, b: 2 });
    expect(after.outputs.sum).toBe(3);
    const summary = await run.finish({ ok: true });
    expect(summary.status).toBe('failed');
    expect(summary.counts).toMatchObject({ failed: 1, succeeded: 2 });
  });

  it('times out a component that takes too long, aborting its signal', async () => {
    const engine = createEngine();
    let sawAbort = false;
    const hang = fnComponent('hang', (_: unknown, ctx: ComponentContext) => new Promise((resolve) => {
      ctx.signal.addEventListener('abort', () => {
        sawAbort = true;
        resolve({});
      });
    }), { timeoutMs: 50 });
    const run = await engine.startRun({ name: 'timeout', version: 'v1' });
    const started = Date.now();
    await expect(run.call(hang, {})).rejects.toMatchObject({ code: ERROR_CODES.TIMEOUT });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(sawAbort).toBe(true);
    await run.finish({ ok: true });
  });

  it('cancels a run: running components stop within seconds and waiting ones are cancelled', async () => {
    const engine = createEngine();
    const run = await engine.startRun({ name: 'cancel', version: 'v1', maxParallel: 2 });
    const long = fnComponent('long', (_: unknown, ctx: ComponentContext) => new Promise((resolve) => {
      const timer = setTimeout(() => resolve({}), 10_000);
      ctx.signal.addEventListener('abort', () => clearTimeout(timer));
    }));
    const calls = Array.from({ length: 5 }, () => run.call(long, {}));
    await sleep(20);
    const started = Date.now();
    run.cancel();
    const settled = await Promise.allSettled(calls);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    const summary = await run.finish({ ok: false, error: new Error('cancelled') });
    expect(summary.status).toBe('cancelled');
    expect(summary.counts.cancelled).toBe(5);
  });

  it('fails the run when the whole-run timeout passes', async () => {
    const engine = createEngine();
    const run = await engine.startRun({ name: 'run-timeout', version: 'v1', timeoutMs: 50 });
    const long = fnComponent('long', () => sleep(500).then(() => ({})));
    await expect(run.call(long, {})).rejects.toMatchObject({ code: ERROR_CODES.TIMEOUT });
    const summary = await run.finish({ ok: false, error: new Error('x') });
    expect(summary.status).toBe('failed');
    expect(summary.error?.code).toBe(ERROR_CODES.TIMEOUT);
  });
});

describe('engine: bad outputs and platforms', () => {
  it('rejects outputs that are not JSON, without retrying', async () => {
    const engine = createEngine();
    let calls = 0;
    const weird = fnComponent('weird', () => {
      calls++;
      return { when: new Map() };
    }, { retry: { maxAttempts: 3 } });
    const run = await engine.startRun({ name: 'bad-outputs', version: 'v1', errorHandler: 'continue' });
    await expect(run.call(weird, {})).rejects.toMatchObject({ code: ERROR_CODES.NON_SERIALIZABLE, message: expect.stringContaining('outputs of \'weird\'.when') });
    expect(calls).toBe(1);
    const notObject = fnComponent('number', () => 42);
    await expect(run.call(notObject, {})).rejects.toMatchObject({ code: ERROR_CODES.INVALID_OUTPUTS });
    await run.finish({ ok: true });
  });

  it('records a thrown non-Error with a clear code', async () => {
    const engine = createEngine();
    const run = await engine.startRun({ name: 'non-error', version: 'v1' });
    const thrower = fnComponent('thrower', () => {
      throw 'just a string' as unknown as Error;
    });
    await expect(run.call(thrower, {})).rejects.toMatchObject({ code: ERROR_CODES.NON_ERROR_THROWN });
    await run.finish({ ok: true });
    const [node] = await engine.runStore.listNodes(run.runId);
    expect(node?.error?.message).toContain('just a string');
  });

  it('fails fast when no executor serves the platform, naming what to configure', async () => {
    const engine = createEngine();
    const run = await engine.startRun({ name: 'platform', version: 'v1' });
    const docker = fnComponent('in-docker', () => ({}));
    const dockerDef = { ...docker, spec: { ...docker.spec, platform: 'docker' as const } };
    await expect(run.call(dockerDef, {})).rejects.toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, message: expect.stringContaining("no docker executor") });
    await run.finish({ ok: true });
  });
});

describe('engine: skipped nodes', () => {
  it('records a skipped node with its parents and reason, without running it', async () => {
    const engine = createEngine();
    let ran = false;
    const never = fnComponent('never', () => {
      ran = true;
      return {};
    });
    const run = await engine.startRun({ name: 'skip', version: 'v1' });
    const a = await run.call(add, { a: 1, b: 1 });
    const skipped = await run.skip(never, { value: 1 }, { parents: [a], reason: 'condition false' });
    const summary = await run.finish({ ok: true });
    expect(ran).toBe(false);
    expect(summary.status).toBe('succeeded');
    expect(summary.counts.skipped).toBe(1);
    const vertex = await engine.lineageStore!.getComponent(skipped.executionId);
    expect(vertex).toMatchObject({ status: 'skipped', attempts: 0, attributes: { skipReason: 'condition false' } });
    const up = await engine.lineageStore!.getUpstream(skipped.executionId, { depth: 1 });
    expect(up.components.map((c) => c.executionId)).toContain(a.executionId);
  });
});

describe('engine: cache and streaming', () => {
  it('reuses a cached result by hash and records CACHED_FROM', async () => {
    const engine = createEngine();
    let calls = 0;
    const cached = fnComponent('expensive', (i: { n: number }) => {
      calls++;
      return { double: i.n * 2 };
    }, { cache: true });
    const run1 = await engine.startRun({ name: 'cache', version: 'v1' });
    const first = await run1.call(cached, { n: 21 });
    await run1.finish({ ok: true });
    const run2 = await engine.startRun({ name: 'cache', version: 'v1' });
    const second = await run2.call(cached, { n: 21 });
    await run2.finish({ ok: true });
    expect(calls).toBe(1);
    expect(second.outputs).toEqual({ double: 42 });
    expect(second.hash).toBe(first.hash);
    const graph = await engine.lineageStore!.getRunGraph(run2.runId);
    expect(graph?.components[0]?.status).toBe('cached');
    expect(graph?.edges.find((e) => e.label === 'CACHED_FROM')?.to).toBe(first.executionId);
    const off = await engine.startRun({ name: 'cache', version: 'v1', cache: false });
    await off.call(cached, { n: 21 });
    await off.finish({ ok: true });
    expect(calls).toBe(2);
  });

  it('streams items to a downstream consumer while the producer runs', async () => {
    const engine = createEngine();
    const events: RunEvent[] = [];
    engine.on((e) => events.push(e));
    const produced: number[] = [];
    const consumedAt: number[] = [];
    const producer = fnComponent('producer', async function* (i: { n: number }) {
      for (let k = 0; k < i.n; k++) {
        produced.push(k);
        if (k % 100 === 0) await sleep(2);
        yield k;
      }
    });
    const consumer = fnComponent('consumer', async (i: { items: AsyncIterable<number> }) => {
      let total = 0;
      let count = 0;
      for await (const item of i.items) {
        if (count === 0) consumedAt.push(produced.length);
        total += item;
        count++;
      }
      return { total, count };
    });
    const run = await engine.startRun({ name: 'stream', version: 'v1' });
    const stream = run.callStreaming<number>(producer, { n: 1000 });
    const consumed = await run.call(consumer, { items: stream });
    const produceResult = await stream;
    await run.finish({ ok: true });
    expect(consumed.outputs).toEqual({ total: 499_500, count: 1000 });
    expect(produceResult.outputs.items).toHaveLength(1000);
    expect(consumedAt[0]).toBeLessThan(1000);
    const up = await engine.lineageStore!.getUpstream(consumed.executionId);
    expect(up.components.map((c) => c.name).sort()).toEqual(['consumer', 'producer']);
    const vertex = await engine.lineageStore!.getComponent(consumed.executionId);
    expect(vertex?.inputs.items).toEqual({ $stream: produceResult.hash });
  });
});
