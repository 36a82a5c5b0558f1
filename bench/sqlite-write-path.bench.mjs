// The SQLite write path without the engine: per task, one run-store node record and one lineage
// component vertex with one DEPENDS_ON edge, handed to both stores together in batches as the
// engine's RecordWriter does (so the node is folded into the vertex row), committed by the writer
// thread. Prints wall time, CPU time of this process (both threads) and bytes written (wchar, Linux
// only) per task, per round of N tasks; the database keeps growing across rounds.
//
//   npx tsc -b && node bench/sqlite-write-path.bench.mjs
//   env: TASKS (per round, 20000), ROUNDS (5), BATCH (512), IDS (v7 | v4), INLINE (1: no writer thread)
import { createHash, randomFillSync, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStores } from '@twingraph/store-sql';

const N = Number(process.env.TASKS ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const BATCH = Number(process.env.BATCH ?? 512);
const IDS = process.env.IDS ?? 'v7';

const pool = Buffer.alloc(4096);
let offset = pool.length;
/** Same shape as core's uuidV7: millisecond prefix, random rest. */
function uuidV7() {
  if (offset + 10 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const r = pool.toString('hex', offset, offset + 10);
  const variant = '89ab'[pool[offset + 9] & 3];
  offset += 10;
  const t = Date.now().toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${r.slice(0, 3)}-${variant}${r.slice(3, 6)}-${r.slice(6, 18)}`;
}
const newId = IDS === 'v4' ? randomUUID : uuidV7;
const wchar = () => (existsSync('/proc/self/io') ? Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))[1]) : Number.NaN);

const dir = mkdtempSync(join(tmpdir(), 'twingraph-bench-'));
const stores = createSqliteStores(join(dir, 'bench.db'), { writeThread: !process.env.INLINE });
const runId = newId();
const now = new Date().toISOString();
await stores.lineageStore.write([{ kind: 'pipeline', vertex: { pipelineId: runId, name: 'bench', version: 'v', status: 'running', startedAt: now } }]);

let previous;
// Literal objects, as the engine builds them (spreading a shared base object costs several µs per task).
function task(i) {
  const executionId = newId();
  const hash = createHash('sha256').update(executionId).digest('hex');
  const parents = previous === undefined ? [] : [{ child: executionId, parent: previous, dataFlow: [{ fromOutput: 'y', toInput: 'x' }] }];
  previous = executionId;
  const attempts = [{ attempt: 1, startedAt: now, completedAt: now, status: 'succeeded' }];
  // The same input and output objects in both records, as the engine hands them over.
  const inputs = { x: i };
  const outputs = { y: i + 1 };
  return {
    node: { kind: 'node', node: { executionId, runId, name: 'add', hash, platform: 'local', status: 'succeeded', parents: parents.map((p) => p.parent), inputs, outputs, attempts, startedAt: now, completedAt: now } },
    vertex: { kind: 'component', vertex: { executionId, pipelineId: runId, name: 'add', hash, status: 'succeeded', platform: 'local', startedAt: now, completedAt: now, inputs, outputs, attempts: 1, codeHash: 'code', componentOrder: i }, parents },
  };
}

console.log(`${IDS} ids, batches of ${BATCH}, rounds of ${N} tasks, ${process.env.INLINE ? 'inline writes' : 'writer thread'}`);
for (let round = 0; round < ROUNDS; round++) {
  const tasks = Array.from({ length: N }, (_, i) => task(round * N + i));
  const bytes = wchar();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  // Handed over without waiting, as the engine does; the writer thread overlaps with the encoding.
  const writes = [];
  for (let s = 0; s < N; s += BATCH) {
    const slice = tasks.slice(s, s + BATCH);
    writes.push(stores.runStore.write(slice.map((t) => t.node)), stores.lineageStore.write(slice.map((t) => t.vertex)));
  }
  await Promise.all(writes);
  const wallUs = Number(process.hrtime.bigint() - start) / 1000 / N;
  const used = process.cpuUsage(cpu);
  const total = (round + 1) * N;
  console.log(
    `  ${String(total).padStart(7)} tasks stored: ${wallUs.toFixed(1)} µs wall, ${((used.user + used.system) / N).toFixed(1)} µs cpu, ${((wchar() - bytes) / N / 1024).toFixed(1)} KiB written per task`,
  );
}
await stores.close();
rmSync(dir, { recursive: true, force: true });
