import { component, pipeline } from 'twingraph';
import { cloudShapes } from '../shared/cloud-shapes.js';

// ACCEPTANCE.md demo 8: one pipeline across local, docker, kubernetes, lambda and batch.
// g = A(5, 1.28) in this process, h = B(...) in a Docker container, N × C as Kubernetes Jobs,
// M × D as Lambda invocations, and E, a summary of every D, as an AWS Batch job. Each platform is
// configured by the environment (see README.md); run-local.sh starts local stand-ins for all of them.

export const N = Number(process.env['TWINGRAPH_DEMO8_N'] ?? 6);
export const M = Number(process.env['TWINGRAPH_DEMO8_M'] ?? 3);

/** Image of the docker and kubernetes components: any image with `node` ≥ 18. */
export const DEMO8_IMAGE = process.env['TWINGRAPH_DEMO8_IMAGE'] ?? 'node:20-slim';

const { A, B, C, D } = cloudShapes((name) => {
  switch (name) {
    case 'A':
      return { platform: 'local' };
    case 'B':
      return { platform: 'docker', image: DEMO8_IMAGE };
    case 'C':
      return { platform: 'kubernetes', image: DEMO8_IMAGE, resources: { cpu: '250m', memory: '256Mi' } };
    case 'D':
      return { platform: 'lambda', platformOptions: { memory_size: 512, timeout: 60 } };
  }
});

/** How many D values there are, and which distinct ones. */
export const E = component({ name: 'E', platform: 'batch', platformOptions: { vcpus: 1, memory: 512 } }, ({ d }: { d: string[] }) => ({
  count: d.length,
  distinct: [...new Set(d)],
}));

export default pipeline({ name: 'demo-8-mixed', maxParallel: 8 }, async () => {
  const g = await A({ inp_1: 5, inp_2: 1.28 });
  const h = await B({ inp_1: [5, g.outputs.index, g.outputs.val], inp_2: 1.28 }, { parents: [g] });
  const cs = await Promise.all(Array.from({ length: N }, () => C({ inp_1: `hello${h.outputs.index}`, inp_2: g.outputs.val }, { parents: [g, h] })));
  const ds = await Promise.all(
    Array.from({ length: M }, (_, j) => D({ inp_1: cs[2 * j]!.outputs.val, inp_2: 5, inp_3: g.outputs.val, inp_4: h.outputs.val }, { parents: [cs[2 * j]!, g, h] })),
  );
  const e = await E({ d: ds.map((d) => d.outputs.val) }, { parents: ds });
  return { c: cs.map((c) => c.outputs.val), d: ds.map((d) => d.outputs.val), e: e.outputs };
});
