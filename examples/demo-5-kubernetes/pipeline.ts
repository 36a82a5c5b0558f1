import { pipeline } from 'twingraph';
import { cloudShapes, cloudShapesPipeline } from '../shared/cloud-shapes.js';

// ACCEPTANCE.md demo 5: A, B, 10 × C and 5 × D, each call a Kubernetes Job (one Pod, backoffLimit 0,
// deleted when done). The cluster comes from TWINGRAPH_KUBECONFIG / KUBECONFIG / the in-cluster service
// account (TWINGRAPH_KUBERNETES_CONTEXT, TWINGRAPH_KUBERNETES_NAMESPACE); run-local.sh uses the stand-in.

/** The image of every Job: any image with `node` ≥ 18 the cluster's nodes can pull. */
export const DEMO5_IMAGE = process.env['TWINGRAPH_DEMO5_IMAGE'] ?? 'node:20-slim';

const shapes = cloudShapes(() => ({
  platform: 'kubernetes',
  image: DEMO5_IMAGE,
  resources: { cpu: '250m', memory: '256Mi' },
  platformOptions: { labels: { 'app.kubernetes.io/part-of': 'twingraph-demo-5' } },
}));

export default pipeline({ name: 'demo-5-kubernetes', maxParallel: 8 }, cloudShapesPipeline(shapes, { c: 10, d: 5 }));
