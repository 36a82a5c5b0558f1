import { pipeline } from 'twingraph';
import { cloudShapes, cloudShapesPipeline } from '../shared/cloud-shapes.js';

// ACCEPTANCE.md demo 7: A, B, N × C and M × D (N=64, M=32), each call one synchronous invocation of a
// Lambda function running the TwinGraph runtime image (deployed by TwinGraph from
// TWINGRAPH_LAMBDA_IMAGE_URI with TWINGRAPH_LAMBDA_ROLE_ARN; see README.md). run-local.sh uses moto and
// the local Lambda Invoke stand-in. TWINGRAPH_DEMO7_N / TWINGRAPH_DEMO7_M change N and M.

export const N = Number(process.env['TWINGRAPH_DEMO7_N'] ?? 64);
export const M = Number(process.env['TWINGRAPH_DEMO7_M'] ?? 32);

const shapes = cloudShapes(() => ({
  platform: 'lambda',
  // One function for all four: 512 MB, 60 s (twingraph-runtime-512mb-60s-x86_64 unless function_name is set).
  platformOptions: { memory_size: 512, timeout: 60 },
}));

export default pipeline({ name: 'demo-7-lambda', maxParallel: 16 }, cloudShapesPipeline(shapes, { c: N, d: M }));
