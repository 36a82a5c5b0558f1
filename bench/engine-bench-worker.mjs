// One benchmark scenario in one mode, in its own process so peak RSS belongs to it alone.
// argv: scenario mode repetitions. Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createComponentDefinition, createEngine } from '@twingraph/core';
import { createSqliteStores } from '@twingraph/store-sql';
import { chain, diamondLattice, fanOutFanIn, mapOverItems } from './engine-scenarios.mjs';

const [scenario, mode, repsArg] = process.argv.slice(2);
const reps = Number(repsArg ?? 5);
const N = 10_000;

const fns = {
  noop: (i) => ({ x: i.x }),
  sum: (i) => ({ total: i.values.reduce((t, v) => t + v.x, 0) }),
  join: (i) => ({ v: (typeof i.a === 'number' ? i.a : i.a.v) + (typeof i.b === 'number' ? i.b : i.b.v) }),
};
const definition = (name) => createComponentDefinition({ spec: { name, platform: 'local', codeHash: name, fn: fns[name] } });
const defs = { noop: definition('noop'), sum: definition('sum'), join: definition('join') };

// The baseline: the same shapes with the functions called directly (awaiting promised inputs), so the
// difference is what the engine adds.
const bareCall = async (def, inputs) => {
  const resolved = {};
  for (const [key, value] of Object.entries(inputs)) {
    const v = value instanceof Promise ? await value : value;
    resolved[key] = Array.isArray(v) ? v.map((r) => r.outputs ?? r) : (v?.outputs ?? v);
  }
  return { outputs: def.spec.fn(resolved) };
};

function shape(call) {
  switch (scenario) {
    case 'chain': return chain(call, defs.noop, N);
    case 'fan-out-fan-in': return fanOutFanIn(call, defs.noop, defs.sum, N);
    case 'diamond-lattice': return diamondLattice(call, defs.join, 100, 100);
    case 'map': return mapOverItems(call, defs.noop, N);
    default: throw new Error(`unknown scenario ${scenario}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'twingraph-bench-'));
const baselineRss = process.memoryUsage().rss;
let sqlite;
const engine = (() => {
  if (mode === 'off') return createEngine({ lineageStore: null, runStore: null });
  // "memory" and "sqlite" both keep run records and lineage, as the default wiring does.
  if (mode === 'memory') return createEngine();
  sqlite = createSqliteStores(join(dir, 'bench.db'));
  return createEngine({ runStore: sqlite.runStore, lineageStore: sqlite.lineageStore });
})();

const times = [];
const bareTimes = [];
let tasks = 0;
let firstRunRss = 0;
for (let rep = 0; rep < reps; rep++) {
  let start = process.hrtime.bigint();
  await shape(bareCall);
  bareTimes.push(Number(process.hrtime.bigint() - start) / 1e3);
  const run = await engine.startRun({ name: `${scenario}-${rep}`, version: 'bench', maxParallel: 10_000 });
  start = process.hrtime.bigint();
  tasks = await shape((def, inputs, options) => run.call(def, inputs, options));
  const summary = await run.finish({ ok: true });
  times.push(Number(process.hrtime.bigint() - start) / 1e3);
  if (summary.status !== 'succeeded' || summary.counts.succeeded !== tasks) throw new Error(`run ${summary.status}: ${JSON.stringify(summary.counts)}`);
  // Memory is judged on the first run alone: one run of `tasks` components in a fresh process.
  if (rep === 0) firstRunRss = process.resourceUsage().maxRSS * 1024;
}
const peakRss = process.resourceUsage().maxRSS * 1024;
await engine.close();
await sqlite?.close();
rmSync(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const engineUs = median(times);
const bareUs = median(bareTimes);
console.log(JSON.stringify({
  scenario, mode, tasks, reps,
  overheadUsPerTask: (engineUs - bareUs) / tasks,
  tasksPerSecond: tasks / (engineUs / 1e6),
  peakRssMiBPer1000: ((firstRunRss - baselineRss) / 1024 / 1024) / (tasks / 1000),
  peakRssMiB: peakRss / 1024 / 1024,
}));
