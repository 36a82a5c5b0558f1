import type { NodeRecord } from '@twingraph/model';
import { getDefaultEngine } from '../../wiring/default-engine.js';
import { EXIT } from '../exit-codes.js';
import { loadPipeline } from '../load-pipeline.js';
import { parseInputPairs } from '../parse-inputs.js';
import { ProgressView } from '../progress/progress-view.js';
import { formatRunReport } from '../progress/run-report.js';
import { colourEnabled } from '../progress/terminal-style.js';

export interface RunCommandOptions {
  pipeline?: string;
  input: string[];
  json?: boolean;
  quiet?: boolean;
  store?: string;
  graph?: string;
  cache?: boolean;
}

/** `twingraph run <file>`: runs a pipeline with live progress; returns the exit code. */
export async function runCommand(file: string, options: RunCommandOptions): Promise<number> {
  const pipeline = await loadPipeline(file, options.pipeline);
  const args = parseInputPairs(options.input);
  const engine = await getDefaultEngine({
    overrides: {
      ...(options.store === undefined ? {} : { store: options.store }),
      ...(options.graph === undefined ? {} : { graph: options.graph === 'false' ? false : options.graph }),
      ...(options.cache === false ? { cache: false } : {}),
    },
    pipeline: { store: pipeline.options.store, graph: pipeline.options.graph, cache: pipeline.options.cache },
  });
  const stderr = process.stderr;
  const view = options.quiet === true ? undefined : new ProgressView({
    stream: stderr,
    live: stderr.isTTY === true && options.json !== true,
    colour: colourEnabled(stderr),
  });
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    if (++interrupts > 1) process.exit(EXIT.CANCELLED);
    stderr.write('\nCancelling the run (Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const summary = await pipeline.run(args, {
      engine,
      signal: controller.signal,
      ...(view === undefined ? {} : { onEvent: view.onEvent }),
      onStart: (runId) => view?.start(`Running ${pipeline.pipelineName} (run ${runId})`),
    });
    view?.stop();
    const nodes = await engine.runStore.listNodes(summary.runId);
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify(jsonReport(summary, nodes), null, 2)}\n`);
    } else {
      if (options.quiet !== true) stderr.write(`${formatRunReport(summary, nodes, colourEnabled(stderr))}\n`);
      if (summary.result !== undefined) process.stdout.write(`${JSON.stringify(summary.result, null, 2)}\n`);
    }
    return summary.status === 'succeeded' ? EXIT.OK : summary.status === 'cancelled' ? EXIT.CANCELLED : EXIT.RUN_FAILED;
  } finally {
    view?.stop();
    process.off('SIGINT', onSigint);
  }
}

function jsonReport(summary: Awaited<ReturnType<Awaited<ReturnType<typeof loadPipeline>>['run']>>, nodes: readonly NodeRecord[]): unknown {
  return {
    runId: summary.runId,
    pipeline: summary.pipeline,
    status: summary.status,
    durationMs: summary.durationMs,
    result: summary.result,
    ...(summary.error === undefined ? {} : { error: summary.error }),
    counts: summary.counts,
    executions: nodes.map((n) => ({
      executionId: n.executionId,
      name: n.name,
      status: n.status,
      platform: n.platform,
      hash: n.hash,
      parents: n.parents,
      inputs: n.inputs,
      outputs: n.outputs,
      attempts: n.attempts.length,
      ...(n.error === undefined ? {} : { error: n.error }),
      ...(n.cachedFrom === undefined ? {} : { cachedFrom: n.cachedFrom }),
    })),
  };
}
