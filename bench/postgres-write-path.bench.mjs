// The PostgreSQL write path: the engine's 10,000-component chain recording into PostgreSQL (run store
// and lineage store on one database, as `--store postgres://…` wires them) against the same chain
// recording in memory; then the bare write path (no engine), batches handed over without waiting.
// Each engine row: median of REPS runs after one warm-up, time from start to finish() (which waits
// until every record is committed). Needs PostgreSQL (bash scripts/services/postgres.sh start).
//
//   npx tsc -b packages/store-sql packages/core && node bench/postgres-write-path.bench.mjs
//   env: TWINGRAPH_TEST_POSTGRES_URL, REPS (5), TASKS (10000), RECORD (1: write bench/RESULTS.md)
import { randomUUID } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { createComponentDefinition, createEngine } from '@twingraph/core';
import { openPostgresStores } from '@twingraph/store-sql';
import { chain } from './engine-scenarios.mjs';
import { updateResults } from './results-file.mjs';

const URL = process.env.TWINGRAPH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/twingraph_test';
const REPS = Number(process.env.REPS ?? 5);
const N = Number(process.env.TASKS ?? 10_000);
const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const noop = createComponentDefinition({ spec: { name: 'noop', platform: 'local', codeHash: 'noop', fn: (i) => ({ x: i.x }) } });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One run of the chain on `engine`: µs from start to finish() (every record committed). */
async function chainOnce(engine, label) {
  const run = await engine.startRun({ name: `chain-${label}`, version: 'bench', maxParallel: 10_000 });
  const start = process.hrtime.bigint();
  const tasks = await chain((def, inputs, options) => run.call(def, inputs, options), noop, N);
  const summary = await run.finish({ ok: true });
  if (summary.status !== 'succeeded' || summary.counts.succeeded !== tasks) throw new Error(`run ${summary.status}`);
  return Number(process.hrtime.bigint() - start) / 1e3;
}

const loadBefore = loadavg()[0];
const memory = createEngine();
const stores = await openPostgresStores(URL, { schema });
const engine = createEngine({ runStore: stores.runStore, lineageStore: stores.lineageStore });
// Memory and PostgreSQL runs alternate, so both see the same load on this shared machine; the ratio is
// the median of the per-pair ratios. The first pair warms up.
const memoryTimes = [];
const postgresTimes = [];
const ratios = [];
const commitsBefore = stores.database.writer.commits;
for (let rep = 0; rep <= REPS; rep++) {
  const m = await chainOnce(memory, `memory-${rep}`);
  const p = await chainOnce(engine, `postgres-${rep}`);
  if (rep === 0) continue;
  memoryTimes.push(m);
  postgresTimes.push(p);
  ratios.push(p / m);
}
const memoryUs = median(memoryTimes);
const postgresUs = median(postgresTimes);
const commitsPerRun = (stores.database.writer.commits - commitsBefore) / (REPS + 1);
await memory.close();
const [{ components }] = await stores.database.query('count', 'SELECT COUNT(*)::int AS components FROM components');
if (components !== N * (REPS + 1)) throw new Error(`expected ${N * (REPS + 1)} components, found ${components}`);

// The bare write path: per task one node record and one component vertex with one DEPENDS_ON edge,
// in batches of BATCH handed to both stores together (the engine's RecordWriter does the same).
async function barePath(batch) {
  const runId = randomUUID();
  const now = new Date().toISOString();
  await stores.lineageStore.write([{ kind: 'pipeline', vertex: { pipelineId: runId, name: 'bare', version: 'v', status: 'running', startedAt: now } }]);
  let previous;
  const writes = [];
  const start = process.hrtime.bigint();
  for (let s = 0; s < N; s += batch) {
    const nodes = [];
    const vertices = [];
    for (let i = s; i < Math.min(N, s + batch); i++) {
      const executionId = randomUUID();
      const parents = previous === undefined ? [] : [{ child: executionId, parent: previous, dataFlow: [{ fromOutput: 'y', toInput: 'x' }] }];
      previous = executionId;
      const inputs = { x: i };
      const outputs = { y: i + 1 };
      nodes.push({ kind: 'node', node: { executionId, runId, name: 'add', hash: `h${i}`, platform: 'local', status: 'succeeded', parents: parents.map((p) => p.parent), inputs, outputs, attempts: [{ attempt: 1, startedAt: now, completedAt: now, status: 'succeeded' }], startedAt: now, completedAt: now } });
      vertices.push({ kind: 'component', vertex: { executionId, pipelineId: runId, name: 'add', hash: `h${i}`, status: 'succeeded', platform: 'local', startedAt: now, completedAt: now, inputs, outputs, attempts: 1, codeHash: 'code', componentOrder: i }, parents });
    }
    writes.push(stores.runStore.write(nodes), stores.lineageStore.write(vertices));
  }
  await Promise.all(writes);
  return Number(process.hrtime.bigint() - start) / 1e3 / N;
}
const bare1 = await barePath(1);
const bare512 = await barePath(512);

const [{ version }] = await stores.database.query('read the version', "SELECT current_setting('server_version') AS version");
await stores.database.query('drop the bench schema', `DROP SCHEMA "${schema}" CASCADE`);
// The engine closes the stores it was given.
await engine.close();

const versus = (median(ratios) - 1) * 100;
const lines = [
  `## PostgreSQL write path (\`node bench/postgres-write-path.bench.mjs\`, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${version} on loopback, default durability: fsync on, synchronous_commit on; load average ${loadBefore.toFixed(1)} at start: the machine is shared)`,
  '',
  `Engine chain of ${N.toLocaleString('en')} components, from start to \`finish()\` (every record committed): ${REPS} pairs of runs (in memory, then PostgreSQL) after a warm-up pair; times are medians, the ratio is the median of the pairs' ratios (${ratios.map((r) => `${((r - 1) * 100).toFixed(0)} %`).join(', ')}).`,
  'Both rows keep run records and lineage; "postgres" writes them to one PostgreSQL database as `--store postgres://…` wires it.',
  '',
  '| chain | stores | µs/task | tasks/s | PostgreSQL vs in-memory (reference: SQLite target ≤ +25 %) | commits per run |',
  '| --- | --- | --- | --- | --- | --- |',
  `| ${N} | memory | ${(memoryUs / N).toFixed(2)} | ${Math.round(N / (memoryUs / 1e6)).toLocaleString('en')} | — | — |`,
  `| ${N} | postgres | ${(postgresUs / N).toFixed(2)} | ${Math.round(N / (postgresUs / 1e6)).toLocaleString('en')} | ${versus >= 0 ? '+' : ''}${versus.toFixed(0)} %: ${versus <= 25 ? 'meets' : '**misses**'} | ${commitsPerRun.toFixed(0)} |`,
  '',
  `Bare write path (no engine): ${N.toLocaleString('en')} tasks of one node record + one vertex + one edge, every batch handed over without waiting:`,
  `${bare1.toFixed(1)} µs/task with one task per batch (the chain's pattern; the writer groups them), ${bare512.toFixed(1)} µs/task in batches of 512.`,
  '',
  'How: the writer sends each batch the engine hands over into an open transaction at once (multi-row statements, pipelined),',
  'so PostgreSQL works while the run goes on, and commits when the event loop turns. A chain of in-process no-op components',
  'runs on microtasks and never lets the loop turn, hence one commit per run: its statements were sent during the run and',
  "only the commit's answer is awaited at finish(). Measured the same way, the earlier writer (one transaction per commit,",
  "its answer awaited before the next was sent) gave +175 %, +201 % and +911 % (median +201 %). What is left is PostgreSQL's own",
  'work, per task one component row, one node row and one edge row with 11 index entries, plus the driver encoding them,',
  'on the same 2 shared CPUs as the engine: next to a no-op component it cannot come close to the +25 % the SQLite store meets',
  '(its writer thread does far less per row); components doing real work hide it. Figures on this shared machine vary with its load.',
];
console.log(lines.join('\n'));
if (process.env.RECORD !== '0') updateResults('postgres-write-path', lines.join('\n'));
