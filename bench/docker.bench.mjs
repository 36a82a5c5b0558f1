// Docker executor benchmark: engine overhead per Docker component against a bare `docker run --rm` of
// the same image and command, measured side by side (interleaved) in one run, and 32 concurrent
// containers both ways. Needs a daemon and the local test image (bash scripts/services/docker.sh start)
// and a build (`npx tsc -b`). Records its section in bench/RESULTS.md.
import { cpus, totalmem } from 'node:os';
import { createComponentDefinition, createEngine } from '@twingraph/core';
import { DockerExecutor } from '@twingraph/executor-docker';
import { dockerRun as bareDockerRun, median, timeCall } from './container-bench-support.mjs';
import { updateResults } from './results-file.mjs';

const IMAGE = 'twingraph-test-node:latest';
const SCRIPT = 'console.log("::twingraph-outputs::" + JSON.stringify({ ok: 1 }))';
const REPS = Number(process.env.DOCKER_BENCH_REPS ?? 15);

const dockerRun = () => bareDockerRun([IMAGE, 'node', '-e', SCRIPT]);

const executor = new DockerExecutor({ pullPolicy: 'never' });
await executor.healthCheck();
const engine = createEngine({ executors: [executor] });
const command = createComponentDefinition({ spec: { name: 'ok', platform: 'docker', codeHash: 'ok', image: IMAGE, command: ['node', '-e', SCRIPT] } });
const sdk = createComponentDefinition({ spec: { name: 'add', platform: 'docker', codeHash: 'add', image: IMAGE, fn: ({ a, b }) => ({ sum: a + b }) } });

const timeEngine = (definition, inputs) => timeCall(engine, 'docker-bench', definition, inputs);

// Warm-up: image inspection cached, dockerode loaded, daemon caches warm.
await dockerRun();
await timeEngine(command, {});
await timeEngine(sdk, { a: 1, b: 2 });

const bare = [];
const viaEngine = [];
const viaSdk = [];
for (let i = 0; i < REPS; i++) {
  // Interleaved, so both see the same daemon and machine load.
  let t = performance.now();
  await dockerRun();
  bare.push(performance.now() - t);
  viaEngine.push(await timeEngine(command, {}));
  viaSdk.push(await timeEngine(sdk, { a: i, b: 1 }));
}
const bareMs = median(bare);
const engineMs = median(viaEngine);
const sdkMs = median(viaSdk);
const ratio = engineMs / bareMs;
console.log(`one container: bare docker run ${bareMs.toFixed(0)} ms, engine ${engineMs.toFixed(0)} ms (${ratio.toFixed(2)}×), SDK function ${sdkMs.toFixed(0)} ms`);

// 32 concurrent containers both ways.
const N = 32;
let t = performance.now();
await Promise.all(Array.from({ length: N }, () => dockerRun()));
const bare32 = performance.now() - t;
const run = await engine.startRun({ name: 'docker-bench-32', version: 'v1', maxParallel: N });
t = performance.now();
await Promise.all(Array.from({ length: N }, (_, i) => run.call(sdk, { a: i, b: 1000 })));
const engine32 = performance.now() - t;
await run.finish({ ok: true });
console.log(`${N} concurrent: bare docker run ${bare32.toFixed(0)} ms, engine (SDK functions) ${engine32.toFixed(0)} ms (${(engine32 / bare32).toFixed(2)}×)`);
await engine.close();

const mark = (ok) => (ok ? 'meets' : '**misses**');
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
updateResults(
  'docker',
  `## Docker executor (\`bench/docker.bench.mjs\`)

${new Date().toISOString().slice(0, 10)}, ${machine}; image \`${IMAGE}\` (local, \`--network none\`), median of ${REPS} interleaved runs.

| scenario | bare \`docker run --rm\` | TwinGraph | ratio | target |
| --- | --- | --- | --- | --- |
| one container, image + command (marker line) | ${bareMs.toFixed(0)} ms | ${engineMs.toFixed(0)} ms | ${ratio.toFixed(2)}× | ≤ 1.10×: ${mark(ratio <= 1.1)} |
| one container, SDK function (source + inputs copied in, harness) | ${bareMs.toFixed(0)} ms | ${sdkMs.toFixed(0)} ms | ${(sdkMs / bareMs).toFixed(2)}× | — |
| ${N} concurrent containers (engine: SDK functions, maxParallel ${N}) | ${bare32.toFixed(0)} ms | ${engine32.toFixed(0)} ms | ${(engine32 / bare32).toFixed(2)}× | all succeed |

TwinGraph's time per container includes create, copying the work dir in (putArchive), attach, start,
wait, reading outputs and removing the container, plus the engine's records (lineage in memory); the
bare figure is the Docker CLI doing create/attach/start/wait/remove for the same command.`,
);
