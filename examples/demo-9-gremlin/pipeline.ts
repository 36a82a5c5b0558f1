import { pipeline } from 'twingraph';
import { cloudShapes } from '../shared/cloud-shapes.js';

const { A, B, C, D } = cloudShapes();

/**
 * ACCEPTANCE.md demo 9: demo 5's shapes (1 A, 1 B, 10 C, 5 D) run locally, with the lineage graph written
 * to a Gremlin Server (TinkerGraph here; Amazon Neptune with `wss://<cluster-endpoint>:8182/gremlin`).
 * `--graph` / TWINGRAPH_GRAPH override the URL; each run clears the earlier runs of this pipeline only.
 */
export default pipeline({ name: 'demo-9-gremlin', graph: 'gremlin://127.0.0.1:8182', clearGraph: true, maxParallel: 16 }, async () => {
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
