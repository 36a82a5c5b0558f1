import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { canonicalJson, ERROR_CODES, importLegacyWorkflow, isLegacyWorkflow, TwinGraphError, type WorkflowDocument } from '@twingraph/model';
import { sha256Hex } from '../engine/content-hash.js';
import type { Engine } from '../engine/engine.js';
import type { RunEventListener } from '../engine/event-bus.js';
import type { RunSummary } from '../engine/run-session.js';
import type { RunDefinition } from '../engine/run-definition.js';
import type { ExternalInput } from './node-inputs.js';
import type { NodeOutcome } from './node-outcome.js';
import type { WorkflowContext } from './workflow-context.js';
import { planWorkflow, type DocumentLoader, type WorkflowPlan } from './workflow-plan.js';
import { WorkflowScheduler } from './workflow-scheduler.js';

export interface RunWorkflowOptions {
  /** Workflow inputs: each feeds the declared node inputs of that name that no edge is connected to. */
  inputs?: Record<string, unknown>;
  /** Aborting cancels the run: running nodes are stopped, the rest recorded cancelled. */
  signal?: AbortSignal;
  /** Receives every event of the run. */
  onEvent?: RunEventListener;
  /** Called once the run exists. */
  onStart?: (runId: string) => void;
  /** Legacy-import notes (documents saved by the TwinGraph 2.0 designer). @defaultValue ignored */
  onWarning?: (message: string) => void;
  /** Run under this id (with `resume`: the id of the interrupted run to continue). */
  runId?: string;
  /**
   * With `runId`: continue that interrupted run (engine.resumeRun): nodes it finished are reused by
   * hash, the rest run. Pass the same document and the inputs the run recorded. @defaultValue false
   */
  resume?: boolean;
  /** Folder sub-workflow `ref` paths are relative to. @defaultValue process.cwd() */
  baseDir?: string;
  /** Reads a sub-workflow `ref`. @defaultValue reads a JSON file relative to baseDir */
  loadDocument?: DocumentLoader;
  /** Recorded as the run's source (the document's path), for resume. */
  source?: string;
  labels?: Record<string, string>;
  /** true: remove earlier runs of this workflow from the graph first; 'all': the whole graph. @defaultValue false */
  clearGraph?: boolean | 'all';
  /**
   * Executions (of earlier runs) behind workflow inputs, by input name: they become parents of the
   * nodes those inputs feed, in lineage and in their hashes, as if the value had come over an edge
   * from them ("run this node" with upstream outputs reused). @defaultValue none
   */
  inputProviders?: Readonly<Record<string, ReadonlyArray<{ executionId: string; hash: string; fromOutput: string }>>>;
}

/**
 * Runs a workflow document as one run (pipeline name = metadata.name, version = hash of the
 * canonical document) and returns the run summary; `result` holds the outputs of every sink node
 * that succeeded, by node id. An invalid document throws ERR_VALIDATION / ERR_DAG_CYCLE, and a
 * node on a platform with no executor ERR_EXECUTOR_NOT_CONFIGURED, before any run starts.
 * Documents saved by the TwinGraph 2.0 designer are converted first (see importLegacyWorkflow).
 */
export async function runWorkflow(engine: Engine, input: unknown, options: RunWorkflowOptions = {}): Promise<RunSummary> {
  let raw = input;
  if (isLegacyWorkflow(raw)) {
    const imported = importLegacyWorkflow(raw);
    for (const warning of imported.warnings) options.onWarning?.(warning);
    raw = imported.document;
  }
  const localExecutor = engine.executor('local');
  if (localExecutor === undefined) {
    throw new TwinGraphError(ERROR_CODES.EXECUTOR_NOT_CONFIGURED, 'Workflow documents need the local executor', { hint: 'Create the engine with a LocalExecutor.', nonRetryable: true });
  }
  const plan = await planWorkflow(raw, '', {
    executorOf: (platform) => engine.executor(platform),
    loadDocument: options.loadDocument ?? readJsonDocument,
    baseDir: options.baseDir ?? process.cwd(),
  });
  const document: WorkflowDocument = plan.document;
  const spec = document.spec ?? {};
  const start = options.resume === true && options.runId !== undefined
    ? (definition: RunDefinition) => engine.resumeRun(options.runId!, definition)
    : (definition: RunDefinition) => engine.startRun(definition);
  const session = await start({
    name: document.metadata.name,
    version: sha256Hex(canonicalJson(document, 'workflow document')),
    ...(spec.maxParallel === undefined ? {} : { maxParallel: spec.maxParallel }),
    ...(spec.errorHandler === undefined ? {} : { errorHandler: spec.errorHandler }),
    ...(spec.timeoutMs === undefined ? {} : { timeoutMs: spec.timeoutMs }),
    ...(options.clearGraph === undefined ? {} : { clearGraph: options.clearGraph }),
    ...(options.labels === undefined ? {} : { labels: options.labels }),
    ...(options.source === undefined ? {} : { source: options.source }),
    ...(options.inputs === undefined ? {} : { inputs: options.inputs }),
    ...(options.runId === undefined ? {} : { runId: options.runId }),
  });
  options.onStart?.(session.runId);
  const unsubscribe = options.onEvent === undefined ? undefined : session.events.on(options.onEvent);
  const onAbort = (): void => session.cancel('Cancelled by the caller');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted === true) onAbort();
  const errors: unknown[] = [];
  const ctx: WorkflowContext = {
    session,
    localExecutor,
    maxParallel: spec.maxParallel ?? 16,
    runPlan: async (inner, external) => {
      const scheduler = new WorkflowScheduler(ctx, inner, external);
      const outcomes = await scheduler.run();
      errors.push(...scheduler.errors);
      return outcomes;
    },
  };
  const external = new Map<string, ExternalInput>(Object.entries(options.inputs ?? {}).map(([name, value]) => [name, {
    value,
    providers: (options.inputProviders?.[name] ?? []).map((p) => ({ identity: { executionId: p.executionId, hash: p.hash }, fromOutput: p.fromOutput })),
  }]));
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    const outcomes = await ctx.runPlan(plan, external);
    outcome = errors.length > 0 ? { ok: false, error: errors[0] } : { ok: true, value: sinkOutputs(plan, outcomes) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  try {
    return await session.finish(outcome);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    unsubscribe?.();
  }
}

/** The result of a document run: outputs of each sink node that succeeded, by node id. */
function sinkOutputs(plan: WorkflowPlan, outcomes: ReadonlyMap<string, NodeOutcome>): Record<string, Record<string, unknown>> {
  const result: Record<string, Record<string, unknown>> = {};
  for (const sink of plan.sinks) {
    const outcome = outcomes.get(sink);
    if (outcome?.state === 'succeeded') result[sink] = outcome.outputs;
  }
  return result;
}

/** Default sub-workflow loader: a JSON file, relative to the referring document's folder. */
async function readJsonDocument(ref: string, baseDir: string | undefined): Promise<{ document: unknown; baseDir: string }> {
  const path = isAbsolute(ref) ? ref : resolve(baseDir ?? process.cwd(), ref);
  try {
    return { document: JSON.parse(await readFile(path, 'utf8')) as unknown, baseDir: dirname(path) };
  } catch (error) {
    throw new TwinGraphError(ERROR_CODES.MODULE_LOAD_FAILED, `Cannot read sub-workflow '${ref}' (${path}): ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'A ref is a path to a JSON workflow document, relative to the document that names it.',
      details: { ref, path },
    });
  }
}
