import { pipeline } from 'twingraph';
import { cloudShapes } from '../shared/cloud-shapes.js';

// ACCEPTANCE.md demo 7: A, B, N × C and M × D (N=64, M=32), each call one synchronous invocation of a
// Lambda function running the TwinGraph runtime image (deployed by TwinGraph from
// TWINGRAPH_LAMBDA_IMAGE_URI with TWINGRAPH_LAMBDA_ROLE_ARN; see README.md). run-local.sh uses moto and
// the local Lambda Invoke stand-in. TWINGRAPH_DEMO7_N / TWINGRAPH_DEMO7_M change N and M.

export const N = Number(process.env['TWINGRAPH_DEMO7_N'] ?? 64);
export const M = Number(process.env['TWINGRAPH_DEMO7_M'] ?? 32);

const { A, B, C, D } = cloudShapes(() => ({
  platform: 'lambda',
  // One function for all four: 512 MB, 60 s (twingraph-runtime-512mb-60s-x86_64 unless function_name is set).
  platformOptions: { memory_size: 512, timeout: 60 },
}));

export default pipeline({ name: 'demo-7-lambda', maxParallel: 16 }, async () => {
  const g = await A({ inp_1: 5, inp_2: 1.28 });
  const h = await B({ inp_1: [5, g.outputs.index, g.outputs.val], inp_2: 1.28 }, { parents: [g] });
  const cs = await Promise.all(Array.from({ length: N }, () => C({ inp_1: `hello${h.outputs.index}`, inp_2: g.outputs.val }, { parents: [g, h] })));
  const ds = await Promise.all(
    Array.from({ length: M }, (_, j) => D({ inp_1: cs[2 * j]!.outputs.val, inp_2: 5, inp_3: g.outputs.val, inp_4: h.outputs.val }, { parents: [cs[2 * j]!, g, h] })),
  );
  return { c: cs.map((c) => c.outputs.val), d: ds.map((d) => d.outputs.val) };
});
