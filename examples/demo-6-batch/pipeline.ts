import { pipeline } from 'twingraph';
import { cloudShapes, cloudShapesPipeline } from '../shared/cloud-shapes.js';

// ACCEPTANCE.md demo 6: A, B, N × C and M × D (N=250, M=122), each call one AWS Batch job on the
// TWINGRAPH_BATCH_JOB_QUEUE queue, running the TwinGraph runtime image (TWINGRAPH_BATCH_RUNTIME_IMAGE;
// one job definition per component, registered once). run-local.sh uses moto, which runs the jobs
// on the local Docker Engine. TWINGRAPH_DEMO6_N / TWINGRAPH_DEMO6_M change N and M.

export const N = Number(process.env['TWINGRAPH_DEMO6_N'] ?? 250);
export const M = Number(process.env['TWINGRAPH_DEMO6_M'] ?? 122);

const shapes = cloudShapes(() => ({
  platform: 'batch',
  platformOptions: { vcpus: 1, memory: 512 },
}));

export default pipeline({ name: 'demo-6-batch', maxParallel: 32 }, cloudShapesPipeline(shapes, { c: N, d: M }));
