import { dirname, resolve } from 'node:path';
import type { NodeRecord } from '@twingraph/model';
import { runWorkflow, type RunSummary } from '@twingraph/core';
import { getDefaultEngine } from '../../wiring/default-engine.js';
import type { PartialSettings } from '../../wiring/twingraph-config.js';
import { pipelineSettings } from '../../wiring/pipeline-settings.js';
import { EXIT } from '../exit-codes.js';
import { loadPipeline } from '../load-pipeline.js';
import { parseInputPairs } from '../parse-inputs.js';
import { readDocument } from '../read-document.js';
import { ProgressView } from '../progress/progress-view.js';
import { formatRunReport } from '../progress/run-report.js';
import { colourEnabled } from '../progress/terminal-style.js';
import { traceRunsFromEnv } from '../run-tracing.js';

export interface RunCommandOptions {
  pipeline?: string;
  input: string[];
  json?: boolean;
  quiet?: boolean;
  store?: string;
  graph?: string;
  cache?: boolean;
  redis?: string;
  queue?: string;
}

/** Workflow documents run through the document runner; everything else is a pipeline module. */
const DOCUMENT_FILE = /\.(json|ya?ml)$/i;

/** `twingraph run <file>`: runs a pipeline or a workflow document with live progress; returns the exit code. */
export async function runCommand(file: string, options: RunCommandOptions): Promise<number> {
  if (DOCUMENT_FILE.test(file)) return runDocumentCommand(file, options);
  const pipeline = await loadPipeline(file, options.pipeline);
  const args = parseInputPairs(options.input);
  const engine = await getDefaultEngine({
    overrides: overrides(options),
    pipeline: pipelineSettings(pipeline.options),
  });
  return withProgress(options, (view, signal) => pipeline.run(args, {
    engine,
    signal,
    ...(view === undefined ? {} : { onEvent: view.onEvent }),
    onStart: (runId) => view?.start(`Running ${pipeline.pipelineName} (run ${runId})`),
  }), engine);
}

/** `twingraph run workflow.json|yaml`: `--input k=v` are workflow inputs (they feed unconnected node inputs named k). */
async function runDocumentCommand(file: string, options: RunCommandOptions): Promise<number> {
  const document = await readDocument(file);
  const inputs = parseInputPairs(options.input);
  const engine = await getDefaultEngine({ overrides: overrides(options) });
  const path = resolve(file);
  return withProgress(options, (view, signal) => runWorkflow(engine, document, {
    inputs,
    signal,
    source: path,
    baseDir: dirname(path),
    loadDocument: async (ref, baseDir) => {
      const refPath = resolve(baseDir ?? dirname(path), ref);
      return { document: await readDocument(refPath), baseDir: dirname(refPath) };
    },
    onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
    ...(view === undefined ? {} : { onEvent: view.onEvent }),
    onStart: (runId) => view?.start(`Running ${file} (run ${runId})`),
  }), engine);
}

export function overrides(options: RunCommandOptions): PartialSettings {
  return {
    ...(options.store === undefined ? {} : { store: options.store }),
    ...(options.graph === undefined ? {} : { graph: options.graph === 'false' ? false : options.graph }),
    ...(options.cache === false ? { cache: false } : {}),
    ...(options.redis === undefined ? {} : { redis: options.redis }),
    ...(options.queue === undefined ? {} : { queue: options.queue }),
  };
}

/** Shows progress while `start` runs, handles Ctrl-C, prints the report; returns the exit code (also `twingraph resume`). */
export async function withProgress(
  options: RunCommandOptions,
  start: (view: ProgressView | undefined, signal: AbortSignal) => Promise<RunSummary>,
  engine: Awaited<ReturnType<typeof getDefaultEngine>>,
): Promise<number> {
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
  // OpenTelemetry spans of the run when OTEL_EXPORTER_OTLP_ENDPOINT is set (as `serve --otlp`).
  const tracing = traceRunsFromEnv(engine, process.env);
  try {
    const summary = await start(view, controller.signal);
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
    await tracing?.close();
  }
}

function jsonReport(summary: RunSummary, nodes: readonly NodeRecord[]): unknown {
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
