// Shared by the container executor benchmarks (docker, kubernetes, aws): the bare `docker run`
// baseline, the engine timing of one call, and the median.
import { spawn } from 'node:child_process';

/** Median of a list of numbers (the upper middle for an even count). */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * A bare `docker run --rm --network none <args>` (image and command in `args`), the baseline the
 * executors are compared with; resolves once it exits 0 having printed the outputs marker.
 */
export function dockerRun(args) {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', ['run', '--rm', '--network', 'none', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && out.includes('::twingraph-outputs::') ? resolve() : reject(new Error(`docker run exited ${code}`))));
  });
}

/** Milliseconds of one `run.call` in a fresh run of `engine` (the run is started and finished outside the timing). */
export async function timeCall(engine, runName, definition, inputs) {
  const run = await engine.startRun({ name: runName, version: 'v1', maxParallel: 64 });
  const started = performance.now();
  await run.call(definition, inputs);
  const ms = performance.now() - started;
  await run.finish({ ok: true });
  return ms;
}
