// Queue benchmark: N independent no-op components (fan-out + fan-in) through Redis workers vs raw BullMQ.
// Workers here are in-process consumers (separate Worker connections, one event loop): honest for queue
// overhead, pessimistic for worker CPU. Usage: node bench/queue.bench.mjs  (BENCH_QUEUE_N, default 10000).
import { randomUUID } from 'node:crypto';
import { Queue, Worker, QueueEvents } from 'bullmq';
import { createEngine, QueueExecutor } from '@twingraph/core';
import { BullMqJobQueue } from '@twingraph/queue-bullmq';
import { component, pipeline, startWorker } from 'twingraph';
import { updateResults } from './results-file.mjs';

const N = Number(process.env.BENCH_QUEUE_N ?? 10_000);
const REDIS = process.env.TWINGRAPH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const connection = { host: '127.0.0.1', port: Number(new URL(REDIS).port || 6379), maxRetriesPerRequest: null };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN; };

async function rawBullMq(workers) {
  const name = `bench-raw-${randomUUID()}`;
  const queue = new Queue(name, { connection });
  const delays = [];
  let done = 0;
  let finish;
  const all = new Promise((r) => (finish = r));
  const ws = Array.from({ length: workers }, () => new Worker(name, async (job) => { delays.push(Date.now() - job.timestamp); return {}; }, { connection, concurrency: 32 }));
  ws.forEach((w) => w.on('completed', () => { if (++done === N) finish(); }));
  const t0 = performance.now();
  for (let i = 0; i < N; i += 500) await queue.addBulk(Array.from({ length: Math.min(500, N - i) }, (_, j) => ({ name: 'noop', data: { i: i + j }, opts: { removeOnComplete: true } })));
  await all;
  const s = (performance.now() - t0) / 1000;
  await Promise.all(ws.map((w) => w.close()));
  await queue.obliterate({ force: true });
  await queue.close();
  return { tps: N / s, p50: pct(delays, 0.5), p99: pct(delays, 0.99) };
}

async function rawRoundTrip(count = 200) {
  const name = `bench-rt-${randomUUID()}`;
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  const w = new Worker(name, async () => ({}), { connection });
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await (await queue.add('x', {}, { removeOnComplete: true })).waitUntilFinished(events);
  const ms = (performance.now() - t0) / count;
  await w.close(); await events.close(); await queue.obliterate({ force: true }); await queue.close();
  return ms;
}

const noop = component({ name: 'bench-noop' }, ({ i }) => ({ i }));
const total = component({ name: 'bench-total' }, ({ n }) => ({ n }));
const fanOut = pipeline({ name: 'bench-fan', maxParallel: 1024 }, async () => {
  const parts = await Promise.all(Array.from({ length: N }, (_, i) => noop({ i })));
  return (await total({ n: parts.length })).outputs.n;
});
const chain = pipeline({ name: 'bench-chain' }, async () => { let r = { i: 0 }; for (let k = 0; k < 200; k++) r = (await noop({ i: r.i + 1 })).outputs; return r.i; });

async function twingraph(workers, scenario = fanOut) {
  const queueName = `bench-tg-${randomUUID()}`;
  const prefix = 'twingraph';
  const running = [];
  for (let w = 0; w < workers; w++) running.push(await startWorker({ redis: REDIS, queues: [queueName], concurrency: 32, id: `bench-${w}`, queueOptions: { prefix } }));
  const queue = new BullMqJobQueue({ connection: REDIS, prefix });
  const engine = createEngine({ executors: [new QueueExecutor({ queue, queueName, ownsQueue: true })], runStore: null, lineageStore: null });
  const t0 = performance.now();
  const run = await scenario.run(undefined, { engine });
  const s = (performance.now() - t0) / 1000;
  if (run.status !== 'succeeded') throw new Error(JSON.stringify(run.error));
  await engine.close();
  for (const r of running) await r.close();
  const cleaner = new BullMqJobQueue({ connection: REDIS, prefix });
  await cleaner.obliterate(queueName);
  await cleaner.close();
  return s;
}

const started = Date.now();
const rows = [];
const raw = await rawBullMq(1);
rows.push(`| raw BullMQ add+process (ceiling), 1 worker × 32 | ${raw.tps.toFixed(0)} | ${raw.p50} / ${raw.p99} |`);
const tg = {};
for (const w of [1, 2, 4]) {
  const s = await twingraph(w);
  tg[w] = (N + 1) / s;
  rows.push(`| TwinGraph fan-out/fan-in, ${w} worker(s) × 32 | ${tg[w].toFixed(0)} | — |`);
}
const rt = await rawRoundTrip();
const chainS = await twingraph(1, chain);
const hop = (chainS * 1000) / 200;
const md = [
  `N = ${N} independent no-op components + 1 fan-in, Redis ${REDIS}, in-process consumers (${new Date().toISOString().slice(0, 10)}).`,
  '',
  '| scenario | tasks/s | enqueue→start p50 / p99 (ms) |',
  '| --- | --- | --- |',
  ...rows,
  '',
  `- TwinGraph / raw throughput (1 worker): ${((tg[1] / raw.tps) * 100).toFixed(0)} % (target ≥ 50 %)`,
  `- chain hop: ${hop.toFixed(2)} ms vs raw BullMQ round trip ${rt.toFixed(2)} ms = ${(hop / rt).toFixed(2)}× (target ≤ 1.5×)`,
  '- FlowProducer reference and TwinGraph enqueue→start percentiles: not measured yet.',
  `- wall time ${((Date.now() - started) / 1000).toFixed(0)} s`,
].join('\n');
process.stdout.write(`${md}\n`);
updateResults('queue', md);
process.exit(0);
