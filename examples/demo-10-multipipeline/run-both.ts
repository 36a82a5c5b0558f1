import { closeDefaultEngines } from 'twingraph';
import { runBoth } from './pipeline.js';

// `npx tsx examples/demo-10-multipipeline/run-both.ts`: both pipelines at once, then their results.
const runs = await runBoth();
process.stdout.write(`${JSON.stringify(runs.map((r) => ({ runId: r.runId, pipeline: r.pipeline, status: r.status, counts: r.counts })), null, 2)}\n`);
await closeDefaultEngines();
process.exitCode = runs.every((r) => r.status === 'succeeded') ? 0 : 1;
