import { pipeline } from 'twingraph';
import { cloudShapes } from '../shared/cloud-shapes.js';

// ACCEPTANCE.md demo 5: A, B, 10 × C and 5 × D, each call a Kubernetes Job (one Pod, backoffLimit 0,
// deleted when done). The cluster comes from TWINGRAPH_KUBECONFIG / KUBECONFIG / the in-cluster service
// account (TWINGRAPH_KUBERNETES_CONTEXT, TWINGRAPH_KUBERNETES_NAMESPACE); run-local.sh uses the stand-in.

/** The image of every Job: any image with `node` ≥ 18 the cluster's nodes can pull. */
export const DEMO5_IMAGE = process.env['TWINGRAPH_DEMO5_IMAGE'] ?? 'node:20-slim';

const { A, B, C, D } = cloudShapes(() => ({
  platform: 'kubernetes',
  image: DEMO5_IMAGE,
  resources: { cpu: '250m', memory: '256Mi' },
  platformOptions: { labels: { 'app.kubernetes.io/part-of': 'twingraph-demo-5' } },
}));

export default pipeline({ name: 'demo-5-kubernetes', maxParallel: 8 }, async () => {
  const g = await A({ inp_1: 5, inp_2: 1.28 });
  const h = await B({ inp_1: [5, g.outputs.index, g.outputs.val], inp_2: 1.28 }, { parents: [g] });
  const cs = await Promise.all(Array.from({ length: 10 }, () => C({ inp_1: `hello${h.outputs.index}`, inp_2: g.outputs.val }, { parents: [g, h] })));
  const ds = await Promise.all(
    Array.from({ length: 5 }, (_, j) => D({ inp_1: cs[2 * j]!.outputs.val, inp_2: 5, inp_3: g.outputs.val, inp_4: h.outputs.val }, { parents: [cs[2 * j]!, g, h] })),
  );
  return { c: cs.map((c) => c.outputs.val), d: ds.map((d) => d.outputs.val) };
});
