// Gremlin lineage benchmark: the engine running a 10,000-component chain with its lineage written to a
// Gremlin Server vs kept in memory (target: ≤ 25 % more wall time), the raw write rate of GremlinLineageStore
// (vertices + edges per second) and the upstream query latency on that chain (and, with BENCH_GREMLIN_BIG, on a bigger graph).
// Needs `npm run build` and a Gremlin Server (bash scripts/services/gremlin.sh start).
// Usage: node bench/gremlin.bench.mjs   (BENCH_GREMLIN_N, default 10000; TWINGRAPH_BENCH_GREMLIN_URL)
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { createComponentDefinition, createEngine, InMemoryLineageStore, InMemoryRunStore } from '@twingraph/core';
import { GremlinLineageStore } from '@twingraph/store-gremlin';
import { chain } from './engine-scenarios.mjs';
import { updateResults } from './results-file.mjs';

const N = Number(process.env.BENCH_GREMLIN_N ?? 10_000);
/**
 * Size of the graph for the upstream latency figures; 0 (the default) skips them: writing and clearing a
 * 100,000-component graph on TinkerGraph takes minutes (clear grows faster than linearly), over this
 * benchmark's 3-minute budget. Try BENCH_GREMLIN_BIG=20000.
 */
const BIG = Number(process.env.BENCH_GREMLIN_BIG ?? 0);
const URL = process.env.TWINGRAPH_BENCH_GREMLIN_URL ?? 'gremlin://127.0.0.1:8182';
const started = Date.now();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const noop = createComponentDefinition({ spec: { name: 'noop', platform: 'local', codeHash: 'noop', fn: (i) => ({ x: i.x }) } });
const store = (options = {}) => new GremlinLineageStore({ url: URL, partition: `bench-${randomUUID()}`, ...options });

const probe = store({ maxAttempts: 1, requestTimeoutMs: 3000 });
try {
  await probe.statistics();
} catch (error) {
  console.error(`No Gremlin Server at ${URL} (${error.message}); start one with: bash scripts/services/gremlin.sh start`);
  process.exit(1);
} finally {
  await probe.close();
}

/** Wall time (ms) of the chain on an engine with this lineage store; finish() waits for every write. */
async function engineChain(lineageStore) {
  const engine = createEngine({ runStore: new InMemoryRunStore(), lineageStore });
  const run = await engine.startRun({ name: `gremlin-bench-${randomUUID()}`, version: 'bench', maxParallel: 10_000 });
  const t0 = performance.now();
  const tasks = await chain((def, inputs, options) => run.call(def, inputs, options), noop, N);
  const summary = await run.finish({ ok: true });
  const ms = performance.now() - t0;
  if (summary.status !== 'succeeded' || summary.counts.succeeded !== tasks) throw new Error(`run ${summary.status}`);
  const stats = await lineageStore.statistics();
  if (stats.components !== N) throw new Error(`lineage has ${stats.components} components, expected ${N}`);
  // Each Gremlin run has its own partition; drop it so the shared server does not grow run after run.
  await lineageStore.clear({ all: true });
  await engine.close();
  return ms;
}

// Warm-up (JIT on both sides, server's traversal caches), then the measured runs.
await engineChain(new InMemoryLineageStore());
{ const s = store(); await engineChain(s); }
const memoryMs = [];
for (let i = 0; i < 3; i++) memoryMs.push(await engineChain(new InMemoryLineageStore()));
const gremlinMs = [];
for (let i = 0; i < 2; i++) gremlinMs.push(await engineChain(store()));
const mem = median(memoryMs);
const grem = median(gremlinMs);
const overheadPct = ((grem - mem) / mem) * 100;

// Raw write rate: one chain of N written straight to the store in the writer's batch size (512).
const raw = store();
const pipelineId = 'bench-run';
const t = '2026-01-01T00:00:00.000Z';
const writes = [{ kind: 'pipeline', vertex: { pipelineId, name: 'bench', version: 'v', status: 'succeeded', startedAt: t } }];
for (let i = 0; i < N; i++) {
  writes.push({
    kind: 'component',
    vertex: { executionId: `c${i}`, pipelineId, name: 'noop', hash: `h${i}`, status: 'succeeded', platform: 'local', startedAt: t, completedAt: t, inputs: { x: i }, outputs: { x: i }, attempts: 1, codeHash: 'noop', componentOrder: i },
    parents: i === 0 ? [] : [{ child: `c${i}`, parent: `c${i - 1}`, dataFlow: [{ fromOutput: 'x', toInput: 'x' }] }],
  });
}
const w0 = performance.now();
for (let i = 0; i < writes.length; i += 512) await raw.write(writes.slice(i, i + 512));
const writeS = (performance.now() - w0) / 1000;
const elements = N + 1 + N + (N - 1);
const q = async (depth) => { const a = performance.now(); const g = await raw.getUpstream(`c${N - 1}`, depth === undefined ? {} : { depth }); return { ms: performance.now() - a, n: g.components.length }; };
await q(10);
const up10 = [await q(10), await q(10), await q(10)];
const upAll = await q(undefined);
await raw.clear({ all: true });
await raw.close();

// Upstream latency on a BIG-vertex graph: component i depends on i-1 and i-7 (a lattice, ~2 parents each).
const big = [];
if (BIG > 0) {
  const s = store();
  const bigWrites = [{ kind: 'pipeline', vertex: { pipelineId: 'big', name: 'big', version: 'v', status: 'succeeded', startedAt: t } }];
  for (let i = 0; i < BIG; i++) {
    const parents = [i - 1, i - 7].filter((p) => p >= 0).map((p) => ({ child: `b${i}`, parent: `b${p}`, dataFlow: [{ fromOutput: 'x', toInput: 'x' }] }));
    bigWrites.push({ kind: 'component', vertex: { executionId: `b${i}`, pipelineId: 'big', name: 'noop', hash: `h${i}`, status: 'succeeded', platform: 'local', startedAt: t, inputs: { x: i }, outputs: { x: i }, attempts: 1, codeHash: 'noop', componentOrder: i }, parents });
  }
  const b0 = performance.now();
  for (let i = 0; i < bigWrites.length; i += 2000) await s.write(bigWrites.slice(i, i + 2000));
  const bigWriteS = (performance.now() - b0) / 1000;
  const stats = await s.statistics();
  for (const depth of [1, 10, 50]) {
    const times = [];
    let n = 0;
    for (let r = 0; r < 3; r++) {
      const a = performance.now();
      n = (await s.getUpstream(`b${BIG - 1 - r * 1000}`, { depth })).components.length;
      times.push(performance.now() - a);
    }
    big.push(`| upstream on ${stats.vertices} vertices / ${stats.edges} edges, depth ${depth} (median of 3) | ${median(times).toFixed(1)} ms (${n} vertices) | |`);
  }
  big.push(`| writing that graph | ${bigWriteS.toFixed(1)} s (${Math.round((stats.vertices + stats.edges) / bigWriteS)} vertices + edges/s) | |`);
  await s.clear({ all: true });
  await s.close();
}

const md = [
  `Chain of ${N} no-op components, Gremlin Server 3.7.4 + TinkerGraph at ${URL} on the same machine (${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}), ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| measure | value | target |',
  '| --- | --- | --- |',
  `| engine chain, in-memory lineage (median of 3) | ${mem.toFixed(0)} ms | |`,
  `| engine chain, Gremlin lineage (median of 2) | ${grem.toFixed(0)} ms | |`,
  `| Gremlin vs in-memory | ${overheadPct >= 0 ? '+' : ''}${overheadPct.toFixed(0)} % | ≤ +25 % ${overheadPct <= 25 ? '(meets)' : '(**misses**)'} |`,
  `| raw write, vertices + edges per second | ${Math.round(elements / writeS)} (${elements} in ${writeS.toFixed(2)} s) | |`,
  `| upstream, depth 10 (median of 3) | ${median(up10.map((x) => x.ms)).toFixed(1)} ms (${up10[0].n} vertices) | |`,
  `| upstream, unlimited | ${upAll.ms.toFixed(0)} ms (${upAll.n} vertices) | |`,
  ...big,
  '',
  ...(BIG > 0 ? [] : ['- Upstream latency on a 100,000-vertex graph: not measured (BENCH_GREMLIN_BIG=100000 runs it, beyond the 3-minute budget).']),
  `- wall time ${((Date.now() - started) / 1000).toFixed(0)} s`,
].join('\n');
process.stdout.write(`${md}\n`);
updateResults('gremlin', md);
