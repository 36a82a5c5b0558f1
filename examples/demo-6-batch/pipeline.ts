import { pipeline } from 'twingraph';
import { cloudShapes } from '../shared/cloud-shapes.js';

// ACCEPTANCE.md demo 6: A, B, N × C and M × D (N=250, M=122), each call one AWS Batch job on the
// TWINGRAPH_BATCH_JOB_QUEUE queue, running the TwinGraph runtime image (TWINGRAPH_BATCH_RUNTIME_IMAGE;
// one job definition per component, registered once). run-local.sh uses moto, which runs the jobs
// on the local Docker Engine. TWINGRAPH_DEMO6_N / TWINGRAPH_DEMO6_M change N and M.

export const N = Number(process.env['TWINGRAPH_DEMO6_N'] ?? 250);
export const M = Number(process.env['TWINGRAPH_DEMO6_M'] ?? 122);

const { A, B, C, D } = cloudShapes(() => ({
  platform: 'batch',
  platformOptions: { vcpus: 1, memory: 512 },
}));

export default pipeline({ name: 'demo-6-batch', maxParallel: 32 }, async () => {
  const g = await A({ inp_1: 5, inp_2: 1.28 });
  const h = await B({ inp_1: [5, g.outputs.index, g.outputs.val], inp_2: 1.28 }, { parents: [g] });
  const cs = await Promise.all(Array.from({ length: N }, () => C({ inp_1: `hello${h.outputs.index}`, inp_2: g.outputs.val }, { parents: [g, h] })));
  const ds = await Promise.all(
    Array.from({ length: M }, (_, j) => D({ inp_1: cs[2 * j]!.outputs.val, inp_2: 5, inp_3: g.outputs.val, inp_4: h.outputs.val }, { parents: [cs[2 * j]!, g, h] })),
  );
  return { c: cs.map((c) => c.outputs.val), d: ds.map((d) => d.outputs.val) };
});
