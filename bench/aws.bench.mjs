// AWS executors benchmark against moto and the local Lambda Invoke stand-in (all work runs as
// containers on the local Docker Engine): time per Lambda invocation and per Batch job through the
// engine against a bare `docker run --rm` of the runtime image (interleaved), 16 concurrent calls of
// each, and DescribeJobs calls for the concurrent Batch jobs (one shared loop, 100 jobs per call).
// Not AWS: cold starts, image pulls, Batch scheduling and API latency are absent, and moto's job state
// machine adds ~2 s per job (see packages/executor-aws/README.md). Needs moto
// (scripts/services/moto.sh start), Docker with the local test images and a build
// (`npx tsc -b packages/executor-aws`). Records its section in bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { BatchClient } from '@aws-sdk/client-batch';
import { createComponentDefinition, createEngine } from '@twingraph/core';
import { BatchExecutor, LambdaExecutor, S3BlobStore } from '@twingraph/executor-aws';
import { ensureMotoBatchQueue, ensureMotoRole, LambdaStandIn } from '@twingraph/executor-aws/stand-in';
import { dockerRun as bareDockerRun, median, timeCall } from './container-bench-support.mjs';
import { updateResults } from './results-file.mjs';

const MOTO = process.env.MOTO_ENDPOINT ?? 'http://127.0.0.1:5000';
const IMAGE = 'twingraph-aws-runtime:local';
const REPS = Number(process.env.AWS_BENCH_REPS ?? 5);
const CONCURRENT = Number(process.env.AWS_BENCH_CONCURRENT ?? 16);
const connection = { region: 'us-east-1', endpoint: MOTO, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };

const dockerRun = () => bareDockerRun(['--entrypoint', 'node', IMAGE, '-e', 'console.log("::twingraph-outputs::{}")']);

const load = loadavg()[0].toFixed(1);
execFileSync('bash', ['packages/executor-aws/runtime-image/build-local.sh'], { stdio: 'ignore' });
const standIn = new LambdaStandIn({ motoEndpoint: MOTO });
await standIn.start();
const roleArn = await ensureMotoRole(MOTO, 'twingraph-bench');
const queue = await ensureMotoBatchQueue(MOTO, 'twingraph-bench');
const blobStore = new S3BlobStore({ ...connection, bucket: 'twingraph-bench', createBucket: true });
const calls = new Map();
const batchClient = new BatchClient(connection);
const send = batchClient.send.bind(batchClient);
batchClient.send = (command, ...rest) => {
  calls.set(command.constructor.name, (calls.get(command.constructor.name) ?? 0) + 1);
  return send(command, ...rest);
};
const lambda = new LambdaExecutor({ ...connection, endpoint: standIn.endpoint, blobStore, deploy: { imageUri: IMAGE, roleArn, memorySize: 256, timeoutSeconds: 60, functionNamePrefix: `tg-bench-${process.pid}` } });
const batch = new BatchExecutor({ ...connection, batchClient, jobQueue: queue, runtimeImage: IMAGE, blobStore, memory: 256 });
const engine = createEngine({ executors: [lambda, batch] });
const fn = ({ a, b }) => ({ sum: a + b });
const onLambda = createComponentDefinition({ spec: { name: 'add', platform: 'lambda', codeHash: 'add-l', fn } });
const onBatch = createComponentDefinition({ spec: { name: 'add', platform: 'batch', codeHash: 'add-b', fn } });

const time = (definition, inputs) => timeCall(engine, 'aws-bench', definition, inputs);

async function concurrently(definition) {
  const run = await engine.startRun({ name: 'aws-bench-concurrent', version: 'v1', maxParallel: 64 });
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => run.call(definition, { a: i, b: 1000 })));
  const ms = performance.now() - started;
  await run.finish({ ok: true });
  return ms;
}

try {
  await dockerRun();
  await time(onLambda, { a: 0, b: 0 });
  await time(onBatch, { a: 0, b: 0 });
  const bare = [];
  const viaLambda = [];
  const viaBatch = [];
  for (let i = 0; i < REPS; i++) {
    let t = performance.now();
    await dockerRun();
    bare.push(performance.now() - t);
    viaLambda.push(await time(onLambda, { a: i, b: 1 }));
    viaBatch.push(await time(onBatch, { a: i, b: 2 }));
  }
  let t = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT }, () => dockerRun()));
  const bareConcurrent = performance.now() - t;
  const lambdaConcurrent = await concurrently(onLambda);
  calls.clear();
  const batchConcurrent = await concurrently(onBatch);
  const describes = calls.get('DescribeJobsCommand') ?? 0;
  const ms = (v) => `${Math.round(v)} ms`;
  const md = `## AWS executors against moto and the Lambda stand-in (\`node bench/aws.bench.mjs\`)

${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${load} at start (shared machine); image \`${IMAGE}\` (local), median of ${REPS} interleaved runs, SDK function \`({a, b}) => ({sum: a + b})\`. Every invocation and job is a fresh container on the local Docker Engine: these are the executors' and stand-ins' overheads, not AWS's (no cold starts or pulls; moto's Batch state machine waits ~0.5 s per state).

| scenario | bare \`docker run --rm\` | TwinGraph | ratio |
| --- | --- | --- | --- |
| one Lambda invocation (stand-in, Runtime API in the container) | ${ms(median(bare))} | ${ms(median(viaLambda))} | ${(median(viaLambda) / median(bare)).toFixed(2)}× |
| one Batch job (moto) | ${ms(median(bare))} | ${ms(median(viaBatch))} | ${(median(viaBatch) / median(bare)).toFixed(2)}× |
| ${CONCURRENT} concurrent Lambda invocations | ${ms(bareConcurrent)} | ${ms(lambdaConcurrent)} | ${(lambdaConcurrent / bareConcurrent).toFixed(2)}× |
| ${CONCURRENT} concurrent Batch jobs | ${ms(bareConcurrent)} | ${ms(batchConcurrent)} | ${(batchConcurrent / bareConcurrent).toFixed(2)}× |

DescribeJobs calls for the ${CONCURRENT} concurrent Batch jobs: ${describes} over the ${describes} ticks of one shared loop (up to 100 jobs per call); polling each job on its own would cost one call per job per tick.`;
  updateResults('aws', md);
  console.log(md);
} finally {
  await engine.close();
  await blobStore.close();
  await standIn.stop();
}
