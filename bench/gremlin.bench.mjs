// Gremlin lineage benchmark: the engine running a 10,000-component chain with its lineage written to a
// Gremlin Server vs kept in memory (target: ≤ 25 % more wall time, the final flush included), the raw write
// rate of GremlinLineageStore (vertices + edges per second) with the client's share of it, and the upstream
// query latency on the chain and (BENCH_GREMLIN_BIG, default 100000) on a bigger lattice.
// Needs `npm run build` and a Gremlin Server (bash scripts/services/gremlin.sh start).
// Usage: node bench/gremlin.bench.mjs   (BENCH_GREMLIN_N, default 10000; BENCH_GREMLIN_BIG; TWINGRAPH_BENCH_GREMLIN_URL)
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { createComponentDefinition, createEngine, InMemoryLineageStore, InMemoryRunStore } from '@twingraph/core';
import { GremlinLineageStore } from '@twingraph/store-gremlin';
import { chain } from './engine-scenarios.mjs';
import { updateResults } from './results-file.mjs';

const N = Number(process.env.BENCH_GREMLIN_N ?? 10_000);
/** Components of the lattice for the upstream latency figures (0 skips them). */
const BIG = Number(process.env.BENCH_GREMLIN_BIG ?? 100_000);
const URL = process.env.TWINGRAPH_BENCH_GREMLIN_URL ?? 'gremlin://127.0.0.1:8182';
const started = Date.now();
const load0 = loadavg();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const noop = createComponentDefinition({ spec: { name: 'noop', platform: 'local', codeHash: 'noop', fn: (i) => ({ x: i.x }) } });
/** Store settings compared: the defaults, and bigger chunks pipelined on the connection (local server only). */
const VARIANTS = [
  { name: 'defaults (batchSize 100, maxInFlight 1)', options: {} },
  { name: 'batchSize 500, maxInFlight 4', options: { batchSize: 500, maxInFlight: 4 } },
];
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

const t = '2026-01-01T00:00:00.000Z';
function chainWrites(n, prefix) {
  const pipelineId = `${prefix}-run`;
  const writes = [{ kind: 'pipeline', vertex: { pipelineId, name: 'bench', version: 'v', status: 'succeeded', startedAt: t } }];
  for (let i = 0; i < n; i++) {
    writes.push({
      kind: 'component',
      vertex: { executionId: `${prefix}${i}`, pipelineId, name: 'noop', hash: `h${i}`, status: 'succeeded', platform: 'local', startedAt: t, completedAt: t, inputs: { x: i }, outputs: { x: i }, attempts: 1, codeHash: 'noop', componentOrder: i },
      parents: i === 0 ? [] : [{ child: `${prefix}${i}`, parent: `${prefix}${i - 1}`, dataFlow: [{ fromOutput: 'x', toInput: 'x' }] }],
    });
  }
  return writes;
}

/** Client-side cost alone: building and GraphBinary-encoding every chunk of `writes`, nothing sent. */
async function clientEncodeMs(writes, batchSize) {
  const require = createRequire(import.meta.url);
  const gremlin = require('gremlin');
  const { graphBinaryWriter } = require('gremlin/lib/structure/io/binary/GraphBinary.js');
  const { writeChunk } = await import('../packages/store-gremlin/dist/lineage-upserts.js');
  const g = gremlin.process.AnonymousTraversalSource.traversal().withGraph(new gremlin.structure.Graph());
  const a = performance.now();
  for (let i = 0; i < writes.length; i += batchSize) {
    const bytecode = writeChunk(g, 'bench', writes.slice(i, i + batchSize)).getBytecode();
    graphBinaryWriter.writeRequest({ requestId: randomUUID(), op: 'bytecode', processor: 'traversal', args: { gremlin: bytecode, aliases: { g: 'g' } } });
  }
  return performance.now() - a;
}

// Warm-up (JIT on both sides, server's traversal caches), then the measured runs.
await engineChain(new InMemoryLineageStore());
await engineChain(store());
const memoryMs = [];
for (let i = 0; i < 3; i++) memoryMs.push(await engineChain(new InMemoryLineageStore()));
const mem = median(memoryMs);
const rows = [`| engine chain, in-memory lineage (median of 3) | ${mem.toFixed(0)} ms | |`];
const rawRates = [];
const encodeShares = [];
const elements = N + 1 + N + (N - 1);
for (const variant of VARIANTS) {
  const times = [];
  for (let i = 0; i < 2; i++) times.push(await engineChain(store(variant.options)));
  const grem = median(times);
  const overheadPct = ((grem - mem) / mem) * 100;
  rows.push(`| engine chain, Gremlin lineage, ${variant.name} (median of 2) | ${grem.toFixed(0)} ms | |`);
  rows.push(`| Gremlin vs in-memory, ${variant.name} | ${overheadPct >= 0 ? '+' : ''}${overheadPct.toFixed(0)} % | ≤ +25 % ${overheadPct <= 25 ? '(meets)' : '(**misses**)'} |`);

  // Raw write rate: one chain of N written straight to the store in the engine writer's batch size (512).
  const raw = store(variant.options);
  const writes = chainWrites(N, `c${randomUUID().slice(0, 4)}`);
  const w0 = performance.now();
  for (let i = 0; i < writes.length; i += 512) await raw.write(writes.slice(i, i + 512));
  const writeS = (performance.now() - w0) / 1000;
  const encodeS = (await clientEncodeMs(writes, variant.options.batchSize ?? 100)) / 1000;
  rawRates.push(elements / writeS);
  encodeShares.push(encodeS / writeS);
  rows.push(`| raw write, ${variant.name} | ${Math.round(elements / writeS)} vertices + edges/s (${elements} in ${writeS.toFixed(2)} s, of which client build + encode ${encodeS.toFixed(2)} s) | |`);
  if (variant === VARIANTS[0]) {
    const last = writes[writes.length - 1].vertex.executionId;
    const q = async (depth) => { const a = performance.now(); const g = await raw.getUpstream(last, depth === undefined ? {} : { depth }); return { ms: performance.now() - a, n: g.components.length }; };
    await q(10);
    const up10 = [await q(10), await q(10), await q(10)];
    const upAll = await q(undefined);
    rows.push(`| upstream on the ${N}-chain, depth 10 (median of 3) | ${median(up10.map((x) => x.ms)).toFixed(1)} ms (${up10[0].n} vertices) | |`);
    rows.push(`| upstream on the ${N}-chain, unlimited | ${upAll.ms.toFixed(0)} ms (${upAll.n} vertices) | |`);
  }
  await raw.clear({ all: true });
  await raw.close();
}

// Upstream latency on a BIG-vertex graph: component i depends on i-1 and i-7 (a lattice, ~2 parents each).
if (BIG > 0) {
  const s = store(VARIANTS[1].options);
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
    for (let r = 0; r < 5; r++) {
      const a = performance.now();
      n = (await s.getUpstream(`b${BIG - 1 - r * Math.max(1, Math.floor(BIG / 10))}`, { depth })).components.length;
      times.push(performance.now() - a);
    }
    rows.push(`| upstream on ${stats.vertices} vertices / ${stats.edges} edges, depth ${depth} (median of 5) | ${median(times).toFixed(1)} ms (${n} vertices) | |`);
  }
  rows.push(`| writing that graph (${VARIANTS[1].name}) | ${bigWriteS.toFixed(1)} s (${Math.round((stats.vertices + stats.edges) / bigWriteS)} vertices + edges/s) | |`);
  const c0 = performance.now();
  await s.clear({ all: true });
  rows.push(`| clearing it | ${((performance.now() - c0) / 1000).toFixed(1)} s | |`);
  await s.close();
}

const load1 = loadavg();
const md = [
  `Chain of ${N} no-op components, Gremlin Server 3.7.4 + TinkerGraph at ${URL} on the same machine (${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, shared), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Machine load average (1 min) ${load0[0].toFixed(1)} at the start, ${load1[0].toFixed(1)} at the end.`,
  '',
  '| measure | value | target |',
  '| --- | --- | --- |',
  ...rows,
  '',
  '- Wall times include the final flush: run.finish() returns when every lineage write is stored.',
  `- Why ≤ +25 % is out of reach here: the ${elements} lineage elements of the chain would have to be stored within 0.25 × ${mem.toFixed(0)} ms = ${(0.25 * mem).toFixed(0)} ms beyond the in-memory run, ≈ ${Math.round(elements / (0.25 * mem / 1000))} vertices + edges/s (or, counting the whole run as write time, ${Math.round(elements / (1.25 * mem / 1000))}/s). The best measured rate is ${Math.round(Math.max(...rawRates))}/s, and ${Math.round(100 * (1 - Math.max(...encodeShares)))}–${Math.round(100 * (1 - Math.min(...encodeShares)))} % of the write time is the server's: TinkerGraph applies one traversal at a time (gremlinPool 1; it is not safe for concurrent writes to a vertex) on the same 2 shared CPUs as the engine.`,
  `- wall time ${((Date.now() - started) / 1000).toFixed(0)} s`,
].join('\n');
process.stdout.write(`${md}\n`);
// BENCH_GREMLIN_DRY=1: print only (smoke runs with small sizes must not replace the recorded figures).
if (process.env.BENCH_GREMLIN_DRY !== '1') updateResults('gremlin', md);
