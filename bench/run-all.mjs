// Runs the engine benchmarks (each scenario × lineage mode in a fresh process), prints the figures
// against their targets, and records them in bench/RESULTS.md with the machine and date.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { updateResults } from './results-file.mjs';

const here = import.meta.dirname;
const scenarios = ['chain', 'fan-out-fan-in', 'diamond-lattice', 'map'];
const modes = ['off', 'memory', 'sqlite'];
const reps = Number(process.env.BENCH_REPS ?? 5);

const rows = [];
for (const scenario of scenarios) {
  for (const mode of modes) {
    const out = execFileSync(process.execPath, [join(here, 'engine-bench-worker.mjs'), scenario, mode, String(reps)], { encoding: 'utf8' });
    const row = JSON.parse(out.trim().split('\n').at(-1));
    rows.push(row);
    console.log(`${scenario.padEnd(16)} ${mode.padEnd(7)} ${row.overheadUsPerTask.toFixed(2).padStart(7)} µs/task  ${Math.round(row.tasksPerSecond).toString().padStart(8)} tasks/s  ${row.peakRssMiBPer1000.toFixed(2)} MiB/1000 tasks`);
  }
}

const find = (scenario, mode) => rows.find((r) => r.scenario === scenario && r.mode === mode);
const mark = (ok) => (ok ? 'meets' : '**misses**');
const table = [
  '| scenario | lineage | overhead µs/task | target | tasks/s | peak RSS MiB per 1,000 tasks (target ≤ 2) | SQLite vs in-memory (target ≤ +25 %) |',
  '| --- | --- | --- | --- | --- | --- | --- |',
];
for (const r of rows) {
  const target = r.mode === 'off' ? 5 : r.mode === 'sqlite' ? 20 : undefined;
  const memory = find(r.scenario, 'memory');
  const vsMemory = r.mode === 'sqlite' ? (r.overheadUsPerTask / memory.overheadUsPerTask - 1) * 100 : undefined;
  table.push(`| ${r.scenario} (${r.tasks}) | ${r.mode} | ${r.overheadUsPerTask.toFixed(2)} | ${target === undefined ? '—' : `≤ ${target}: ${mark(r.overheadUsPerTask <= target)}`} | ${Math.round(r.tasksPerSecond).toLocaleString('en')} | ${r.peakRssMiBPer1000.toFixed(2)}: ${mark(r.peakRssMiBPer1000 <= 2)} | ${vsMemory === undefined ? '—' : `${vsMemory >= 0 ? '+' : ''}${vsMemory.toFixed(0)} %: ${mark(vsMemory <= 25)}`} |`);
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
updateResults('engine', [
  `## Engine (\`npm run bench\`, ${new Date().toISOString().slice(0, 10)}, ${machine})`,
  '',
  `Each row: a fresh process, ${reps} runs, median. Overhead = (engine time − the same shape as bare function calls) / tasks.`,
  'Lineage "off" keeps no records at all (no lineage, no run records); "memory" and "sqlite" record every',
  'component in the run store and the lineage store (both in memory, or both SQLite stores on one file as the',
  'default wiring builds them). Memory: peak RSS after the first run minus RSS at start, per 1,000 tasks.',
  '',
  ...table,
].join('\n'));
console.log('recorded in bench/RESULTS.md');
