// Kubernetes executor benchmark, against the local API stand-in (its Pods run on the local Docker
// Engine): time per Job through the engine against a bare `docker run --rm` of the same image and
// command (interleaved), 16 concurrent Jobs, and API requests per Job (watches are shared per
// namespace, so they should not grow with the number of Jobs). Not a cluster: scheduling, image pulls
// and kubelet latency are absent (see packages/executor-kubernetes/README.md). Needs Docker, the local
// test image and a build (`npx tsc -b packages/executor-kubernetes`). Records its section in bench/RESULTS.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createComponentDefinition, createEngine } from '@twingraph/core';
import { KubernetesExecutor } from '@twingraph/executor-kubernetes';
import { startKubernetesStandIn } from '@twingraph/executor-kubernetes/stand-in';
import { dockerRun as bareDockerRun, median, timeCall } from './container-bench-support.mjs';
import { updateResults } from './results-file.mjs';

const IMAGE = 'twingraph-test-node:latest';
const SCRIPT = 'console.log("::twingraph-outputs::" + JSON.stringify({ ok: 1 }))';
const REPS = Number(process.env.K8S_BENCH_REPS ?? 9);
const CONCURRENT = Number(process.env.K8S_BENCH_CONCURRENT ?? 16);

const dockerRun = () => bareDockerRun([IMAGE, 'node', '-e', SCRIPT]);

const load = loadavg()[0].toFixed(1);
const standIn = await startKubernetesStandIn();
const dir = mkdtempSync(join(tmpdir(), 'twingraph-k8s-bench-'));
standIn.kubeconfig.write(join(dir, 'kubeconfig'));
const executor = new KubernetesExecutor({ connection: { kubeconfigPath: join(dir, 'kubeconfig') }, pullPolicy: 'Never' });
const engine = createEngine({ executors: [executor] });
const command = createComponentDefinition({ spec: { name: 'ok', platform: 'kubernetes', codeHash: 'ok', image: IMAGE, command: ['node', '-e', SCRIPT] } });
const sdk = createComponentDefinition({ spec: { name: 'add', platform: 'kubernetes', codeHash: 'add', image: IMAGE, fn: ({ a, b }) => ({ sum: a + b }) } });

const timeEngine = (definition, inputs) => timeCall(engine, 'k8s-bench', definition, inputs);

try {
  await dockerRun();
  await timeEngine(command, {});
  const bare = [];
  const viaCommand = [];
  const viaSdk = [];
  for (let i = 0; i < REPS; i++) {
    let t = performance.now();
    await dockerRun();
    bare.push(performance.now() - t);
    viaCommand.push(await timeEngine(command, {}));
    viaSdk.push(await timeEngine(sdk, { a: i, b: 1 }));
  }
  const before = Object.fromEntries(standIn.requests);
  let t = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT }, () => dockerRun()));
  const bareConcurrent = performance.now() - t;
  const run = await engine.startRun({ name: 'k8s-bench-concurrent', version: 'v1', maxParallel: 64 });
  t = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => run.call(sdk, { a: i, b: 2 })));
  const engineConcurrent = performance.now() - t;
  await run.finish({ ok: true });
  const after = Object.fromEntries(standIn.requests);
  const delta = (key) => (after[key] ?? 0) - (before[key] ?? 0);
  const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
  const bareMs = median(bare);
  const md = `## Kubernetes executor against the API stand-in (\`node bench/kubernetes.bench.mjs\`)

${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${load} at start (shared machine); image \`${IMAGE}\` (local), median of ${REPS} interleaved runs. The stand-in runs each Pod with \`docker run\`: these figures are the executor's and the API's overhead over the container itself, not a cluster's (no scheduling, pulls or kubelet).

| scenario | bare \`docker run --rm\` | TwinGraph Job | ratio |
| --- | --- | --- | --- |
| one Job, image + command (marker line) | ${Math.round(bareMs)} ms | ${Math.round(median(viaCommand))} ms | ${ratio(median(viaCommand), bareMs)} |
| one Job, SDK function (work dir through env + sh) | ${Math.round(bareMs)} ms | ${Math.round(median(viaSdk))} ms | ${ratio(median(viaSdk), bareMs)} |
| ${CONCURRENT} concurrent Jobs (engine, SDK functions) | ${Math.round(bareConcurrent)} ms | ${Math.round(engineConcurrent)} ms | ${ratio(engineConcurrent, bareConcurrent)} |

API requests for the ${CONCURRENT} concurrent Jobs: ${delta('POST jobs (create)')} creates, ${delta('DELETE jobs/name (delete)')} deletes, ${delta('GET pods/log')} log streams (a second pass per Job picks up the last lines), ${delta('GET pods (watch)')} new Pod watches and ${delta('GET jobs (watch)')} new Job watches (shared per namespace), ${delta('GET jobs/name') + delta('GET pods/name')} polls.`;
  console.log(md);
  updateResults('kubernetes', md);
} finally {
  await engine.close();
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
}
