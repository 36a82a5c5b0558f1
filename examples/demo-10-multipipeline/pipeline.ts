import { pipeline } from 'twingraph';
import { cloudShapes } from '../shared/cloud-shapes.js';

const { A, B, C, D } = cloudShapes();

// Each pipeline has its own queue; workers are used once TWINGRAPH_REDIS_URL is set (see run.sh).

/** Pipeline A: clears its earlier runs from the graph, then 1 A, 1 B, 10 C, 5 D. */
export const pipelineA = pipeline({ name: 'demo-10-pipeline-a', clearGraph: true, maxParallel: 16, queue: { name: 'demo-10-a' } }, async () => {
  const g = await A({ inp_1: 5, inp_2: 1.28 });
  const h = await B({ inp_1: [5, g.outputs.index, g.outputs.val], inp_2: 1.28 }, { parents: [g] });
  const cs = await Promise.all(
    Array.from({ length: 10 }, () => C({ inp_1: `hello${h.outputs.index}`, inp_2: g.outputs.val }, { parents: [g, h] })),
  );
  const ds = await Promise.all(
    Array.from({ length: 5 }, (_, j) => D({ inp_1: cs[2 * j]!.outputs.val, inp_2: 5, inp_3: g.outputs.val, inp_4: h.outputs.val }, { parents: [cs[2 * j]!, g, h] })),
  );
  return { c: cs.map((c) => c.outputs.val), d: ds.map((d) => d.outputs.val) };
});

/** Pipeline B: keeps the graph; 20 C from constants, then 10 D. */
export const pipelineB = pipeline({ name: 'demo-10-pipeline-b', maxParallel: 16, queue: { name: 'demo-10-b' } }, async () => {
  const cs = await Promise.all(Array.from({ length: 20 }, (_, i) => C({ inp_1: `world${i}`, inp_2: i })));
  const ds = await Promise.all(
    Array.from({ length: 10 }, (_, j) => D({ inp_1: cs[2 * j]!.outputs.val, inp_2: j, inp_3: 'b', inp_4: 1.5 }, { parents: [cs[2 * j]!] })),
  );
  return { c: cs.map((c) => c.outputs.val), d: ds.map((d) => d.outputs.val) };
});

/** Both at the same time in this process: two runs, two Pipeline vertices, two disconnected DAGs. */
export async function runBoth(options: Parameters<typeof pipelineA.run>[1] = {}) {
  return Promise.all([pipelineA.run(undefined, options), pipelineB.run(undefined, options)]);
}
