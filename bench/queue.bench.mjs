// Queue benchmark: the engine benchmark DAG shapes run through Redis workers, against raw BullMQ and
// BullMQ's own FlowProducer measured in the same run. Workers are in-process consumers (their own Redis
// connections, one event loop with the driver): honest for queue overhead, pessimistic for worker CPU.
// Usage: node bench/queue.bench.mjs  (BENCH_QUEUE_N, default 10000; BENCH_QUEUE_NOTE: machine load note).
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { FlowProducer, Queue, QueueEvents, Worker } from 'bullmq';
import { createEngine, QueueExecutor } from '@twingraph/core';
import { BullMqJobQueue } from '@twingraph/queue-bullmq';
import { component, startWorker } from 'twingraph';
import { chain, diamondLattice, fanOutFanIn, mapOverItems } from './engine-scenarios.mjs';
import { updateResults } from './results-file.mjs';

let N = Number(process.env.BENCH_QUEUE_N ?? 10_000);
const CHAIN = Math.min(N, 500);
const CONCURRENCY = 32;
const REDIS = process.env.TWINGRAPH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const url = new URL(REDIS);
const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN; };
const ms = (x) => (Number.isNaN(x) ? '—' : x < 10 ? x.toFixed(2) : x.toFixed(0));

// ---- references: raw BullMQ ----

/** Ceiling: addBulk N empty jobs, `workers` Workers × CONCURRENCY process them. */
async function rawThroughput(workers) {
  const name = `bench-raw-${randomUUID()}`;
  const queue = new Queue(name, { connection });
  const delays = [];
  let done = 0;
  let finish;
  const all = new Promise((r) => (finish = r));
  const ws = Array.from({ length: workers }, () => new Worker(name, async (job) => { delays.push(Date.now() - job.timestamp); return {}; }, { connection, concurrency: CONCURRENCY }));
  ws.forEach((w) => w.on('completed', () => { if (++done === N) finish(); }));
  await Promise.all(ws.map((w) => w.waitUntilReady()));
  const t0 = performance.now();
  for (let i = 0; i < N; i += 500) await queue.addBulk(Array.from({ length: Math.min(500, N - i) }, (_, j) => ({ name: 'noop', data: { i: i + j }, opts: { removeOnComplete: true } })));
  await all;
  const s = (performance.now() - t0) / 1000;
  await Promise.all(ws.map((w) => w.close()));
  await queue.obliterate({ force: true });
  await queue.close();
  return { tps: N / s, p50: pct(delays, 0.5), p99: pct(delays, 0.99) };
}

/** One job at a time: add → process → completed seen by the submitter (the unit of a dependent hop). */
async function rawRoundTrip(count) {
  const name = `bench-rt-${randomUUID()}`;
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  const delays = [];
  const w = new Worker(name, async (job) => { delays.push(Date.now() - job.timestamp); return {}; }, { connection });
  await w.waitUntilReady();
  const t0 = performance.now();
  // Completion through QueueEvents, waiter registered before the add (as BullMqJobQueue does).
  const waiters = new Map();
  events.on('completed', ({ jobId }) => waiters.get(jobId)?.());
  for (let i = 0; i < count; i++) {
    const done = new Promise((r) => waiters.set(`rt-${i}`, r));
    await queue.add('x', {}, { jobId: `rt-${i}`, removeOnComplete: true });
    await done;
  }
  const hop = (performance.now() - t0) / count;
  await w.close(); await events.close(); await queue.obliterate({ force: true }); await queue.close();
  return { hop, p50: pct(delays, 0.5), p99: pct(delays, 0.99) };
}

/** BullMQ's FlowProducer: one parent with N children (fan-out), the parent runs when all are done (fan-in). */
async function flowProducerFan(workers) {
  const name = `bench-flow-${randomUUID()}`;
  const flow = new FlowProducer({ connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  const ws = Array.from({ length: workers }, () => new Worker(name, async (job) => (job.name === 'total' ? { n: Object.keys(await job.getChildrenValues()).length } : { i: job.data.i }), { connection, concurrency: CONCURRENCY }));
  await Promise.all(ws.map((w) => w.waitUntilReady()));
  const t0 = performance.now();
  const tree = await flow.add({ name: 'total', queueName: name, data: {}, children: Array.from({ length: N }, (_, i) => ({ name: 'noop', queueName: name, data: { i } })) });
  const result = await tree.job.waitUntilFinished(events);
  const s = (performance.now() - t0) / 1000;
  if (result.n !== N) throw new Error(`FlowProducer parent saw ${result.n} children`);
  await Promise.all(ws.map((w) => w.close())); await events.close(); await flow.close();
  const cleaner = new Queue(name, { connection }); await cleaner.obliterate({ force: true }); await cleaner.close();
  return { s, tps: (N + 1) / s };
}

// ---- TwinGraph ----

const fns = {
  noop: ({ x }, ctx) => (markStart(ctx), { x }),
  sum: ({ values }, ctx) => (markStart(ctx), { total: values.reduce((t, v) => t + v.x, 0) }),
  join: ({ a, b }, ctx) => (markStart(ctx), { v: (typeof a === 'number' ? a : a.v) + (typeof b === 'number' ? b : b.v) }),
};
const defs = {
  noop: component({ name: 'bench-noop' }, fns.noop).definition,
  sum: component({ name: 'bench-sum' }, fns.sum).definition,
  join: component({ name: 'bench-join' }, fns.join).definition,
};

// Enqueue → start: the driver's submit time per execution, the worker's handler start (same process, same clock).
const submittedAt = new Map();
let delays = [];
function markStart(ctx) {
  const at = submittedAt.get(ctx.executionId);
  if (at !== undefined) delays.push(performance.now() - at);
}
class TimedQueue extends BullMqJobQueue {
  submit(job, options) {
    submittedAt.set(job.executionId, performance.now());
    return super.submit(job, options);
  }
}

const SHAPES = {
  'fan-out/fan-in': (call) => fanOutFanIn(call, defs.noop, defs.sum, N),
  chain: (call) => chain(call, defs.noop, CHAIN),
  'diamond lattice 100×100': (call) => diamondLattice(call, defs.join, 100, Math.max(1, Math.round(N / 100))),
  map: (call) => mapOverItems(call, defs.noop, N),
};

async function twingraph(workers, shapeName) {
  const queueName = `bench-tg-${randomUUID()}`;
  const running = [];
  for (let w = 0; w < workers; w++) running.push(await startWorker({ redis: REDIS, queues: [queueName], concurrency: CONCURRENCY, id: `bench-${w}` }));
  const queue = new TimedQueue({ connection: REDIS });
  // Default QueueExecutor options, as `twingraph run --redis` uses them (capable-worker check included).
  const engine = createEngine({ executors: [new QueueExecutor({ queue, queueName, ownsQueue: true })], runStore: null, lineageStore: null });
  delays = [];
  submittedAt.clear();
  const session = await engine.startRun({ name: `bench-${shapeName}`, version: 'v1', maxParallel: 1024 });
  const t0 = performance.now();
  let tasks;
  let outcome;
  try {
    tasks = await SHAPES[shapeName]((def, inputs, options) => session.call(def, inputs, options));
    outcome = { ok: true };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const s = (performance.now() - t0) / 1000;
  const summary = await session.finish(outcome);
  if (summary.status !== 'succeeded') throw new Error(JSON.stringify(summary.error));
  await engine.close();
  for (const r of running) await r.close();
  const cleaner = new BullMqJobQueue({ connection: REDIS });
  await cleaner.obliterate(queueName);
  await cleaner.close();
  return { s, tps: tasks / s, tasks, p50: pct(delays, 0.5), p99: pct(delays, 0.99) };
}

// ---- run ----

const started = Date.now();
const load = loadavg().map((x) => x.toFixed(1)).join(' / ');
// Warm-up (JIT, connections) so the first measured TwinGraph scenario is not charged for it.
{
  const warm = N;
  N = Math.min(1000, warm);
  await twingraph(1, 'map');
  N = warm;
}
const raw = await rawThroughput(1);
const rt = await rawRoundTrip(CHAIN);
const flow = await flowProducerFan(1);
const fan = {};
for (const w of [1, 2, 4]) fan[w] = await twingraph(w, 'fan-out/fan-in');
const hop = await twingraph(1, 'chain');
const lattice = await twingraph(1, 'diamond lattice 100×100');
const map = await twingraph(1, 'map');
const loadAfter = loadavg().map((x) => x.toFixed(1)).join(' / ');

const hopMs = (hop.s * 1000) / hop.tasks;
const rows = [
  `| raw BullMQ addBulk + process, empty jobs (ceiling), 1 worker × ${CONCURRENCY} | ${N} | ${raw.tps.toFixed(0)} | ${ms(raw.p50)} / ${ms(raw.p99)} |`,
  `| raw BullMQ add → process → completed, one at a time | ${CHAIN} | ${(1000 / rt.hop).toFixed(0)} | ${ms(rt.p50)} / ${ms(rt.p99)} |`,
  `| BullMQ FlowProducer fan-out/fan-in (1 parent, ${N} children), 1 worker × ${CONCURRENCY} | ${N + 1} | ${flow.tps.toFixed(0)} | — |`,
  ...[1, 2, 4].map((w) => `| TwinGraph fan-out/fan-in, ${w} worker(s) × ${CONCURRENCY} | ${fan[w].tasks} | ${fan[w].tps.toFixed(0)} | ${ms(fan[w].p50)} / ${ms(fan[w].p99)} |`),
  `| TwinGraph chain, 1 worker | ${hop.tasks} | ${hop.tps.toFixed(0)} | ${ms(hop.p50)} / ${ms(hop.p99)} |`,
  `| TwinGraph diamond lattice, 1 worker | ${lattice.tasks} | ${lattice.tps.toFixed(0)} | ${ms(lattice.p50)} / ${ms(lattice.p99)} |`,
  `| TwinGraph map, 1 worker | ${map.tasks} | ${map.tps.toFixed(0)} | ${ms(map.p50)} / ${ms(map.p99)} |`,
];
const verdict = (ok) => (ok ? 'met' : 'NOT met');
const md = [
  `${N} independent no-op components (+1 fan-in) through Redis ${REDIS}; in-process workers; ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; ${new Date().toISOString().slice(0, 16)}Z.`,
  `Load average (1/5/15 min) before ${load}, after ${loadAfter}${process.env.BENCH_QUEUE_NOTE ? ` — ${process.env.BENCH_QUEUE_NOTE}` : ''}.`,
  '',
  '| scenario | tasks | tasks/s | enqueue→start p50 / p99 (ms) |',
  '| --- | --- | --- | --- |',
  ...rows,
  '',
  `- throughput vs raw BullMQ (1 worker): ${((fan[1].tps / raw.tps) * 100).toFixed(0)} % (target ≥ 50 %: ${verdict(fan[1].tps / raw.tps >= 0.5)})`,
  `- fan-out/fan-in vs FlowProducer (1 worker): FlowProducer ${flow.s.toFixed(2)} s, TwinGraph ${fan[1].s.toFixed(2)} s: TwinGraph ${flow.s >= fan[1].s ? `${(flow.s / fan[1].s).toFixed(2)}× faster` : `${(fan[1].s / flow.s).toFixed(2)}× slower`} (target ≥ 2× faster: ${verdict(flow.s / fan[1].s >= 2)})`,
  `- dependent hop (chain): ${hopMs.toFixed(2)} ms vs raw add→process→completed ${rt.hop.toFixed(2)} ms = ${(hopMs / rt.hop).toFixed(2)}× (target ≤ 1.5×: ${verdict(hopMs / rt.hop <= 1.5)})`,
  `- enqueue→start p50 of a job that does not wait behind others (chain): ${ms(hop.p50)} ms (target ≤ 2 ms: ${verdict(hop.p50 <= 2)}); under the ${N}-way fan-out the p50 is queueing time (jobs wait for a free slot), as for raw BullMQ's addBulk`,
  `- scaling efficiency (fan-out tasks/s ÷ workers × 1-worker tasks/s): 2 workers ${((fan[2].tps / (2 * fan[1].tps)) * 100).toFixed(0)} %, 4 workers ${((fan[4].tps / (4 * fan[1].tps)) * 100).toFixed(0)} % — in-process workers share one event loop and the machine's 2 cores, so more workers add Redis connections, not CPU`,
  `- wall time ${((Date.now() - started) / 1000).toFixed(0)} s`,
].join('\n');
process.stdout.write(`${md}\n`);
if (process.env.BENCH_QUEUE_DRY !== '1') updateResults('queue', md);
process.exit(0);
