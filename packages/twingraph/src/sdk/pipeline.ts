import { parseOptions, pipelineOptionsSchema, type PipelineOptions } from '@twingraph/model';
import { sha256Hex, type Engine, type RunEventListener, type RunSummary } from '@twingraph/core';
import { withRun } from './current-run.js';
import { callerLocation } from './source-location.js';
import { getDefaultEngine } from '../wiring/default-engine.js';
import { pipelineSettings } from '../wiring/pipeline-settings.js';

const PIPELINE_BRAND = Symbol.for('twingraph.pipeline');

export interface PipelineRunOptions {
  /** Engine to run on; by default one wired from the options/env/config (SQLite under ./.twingraph). */
  engine?: Engine;
  /** Overrides the pipeline's store option. */
  store?: string | false;
  /** Overrides the pipeline's graph option. */
  graph?: string | false;
  /** Overrides the global cache switch. */
  cache?: boolean;
  /** Receives every event of the run. */
  onEvent?: RunEventListener;
  /** Aborting cancels the run. */
  signal?: AbortSignal;
  /** Called once the run exists (to print its id, or keep it for cancel). */
  onStart?: (runId: string) => void;
  /**
   * Continue this interrupted run (`twingraph resume`) instead of starting one: the pipeline function
   * runs again with the arguments the run recorded (`args` is ignored), and every component call the
   * run already finished is reused by hash instead of running (engine.resumeRun).
   */
  resume?: string;
}

export interface PipelineRun<R> extends RunSummary {
  /** What the pipeline function returned (undefined when it failed). */
  result?: R;
}

export interface Pipeline<A, R> {
  (args?: A, options?: PipelineRunOptions): Promise<PipelineRun<R>>;
  run(args?: A, options?: PipelineRunOptions): Promise<PipelineRun<R>>;
  readonly pipelineName: string;
  readonly options: Readonly<PipelineOptions>;
  /** Module path the pipeline was defined in (recorded for resume). */
  readonly source: string | undefined;
}

/**
 * Defines a pipeline: a function that calls components. Its loops and conditions build the DAG as it
 * runs; every component call is recorded with its parents. Running it returns the run summary
 * (status, counts, result or error); it does not throw when the run fails.
 */
export function pipeline<A = void, R = unknown>(options: PipelineOptions, fn: (args: A) => R | Promise<R>): Pipeline<A, R> {
  const parsed = parseOptions(pipelineOptionsSchema, options, `pipeline '${options.name ?? fn.name}'`);
  const name = parsed.name ?? (fn.name === '' ? 'pipeline' : fn.name);
  const source = callerLocation()?.file;
  const version = sha256Hex(fn.toString());

  const run = async (args?: A, runOptions: PipelineRunOptions = {}): Promise<PipelineRun<R>> => {
    const engine = runOptions.engine ?? (await getDefaultEngine({
      overrides: { store: runOptions.store, graph: runOptions.graph, cache: runOptions.cache },
      pipeline: pipelineSettings(parsed),
    }));
    const start = runOptions.resume === undefined ? engine.startRun.bind(engine) : engine.resumeRun.bind(engine, runOptions.resume);
    const session = await start({
      name,
      version,
      ...(parsed.maxParallel === undefined ? {} : { maxParallel: parsed.maxParallel }),
      ...(parsed.errorHandler === undefined ? {} : { errorHandler: parsed.errorHandler }),
      ...(parsed.timeoutMs === undefined ? {} : { timeoutMs: parsed.timeoutMs }),
      ...(parsed.clearGraph === undefined ? {} : { clearGraph: parsed.clearGraph }),
      ...(parsed.labels === undefined ? {} : { labels: parsed.labels }),
      ...(source === undefined ? {} : { source }),
      ...(args === undefined || runOptions.resume !== undefined ? {} : { inputs: args }),
    });
    const fnArgs = (runOptions.resume === undefined ? args : session.definition.inputs) as A;
    runOptions.onStart?.(session.runId);
    const unsubscribe = runOptions.onEvent === undefined ? undefined : session.events.on(runOptions.onEvent);
    const onAbort = (): void => session.cancel('Cancelled by the caller');
    runOptions.signal?.addEventListener('abort', onAbort, { once: true });
    if (runOptions.signal?.aborted === true) onAbort();
    let outcome: { ok: true; value: R } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await withRun(session, () => fn(fnArgs)) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    try {
      return (await session.finish(outcome)) as PipelineRun<R>;
    } finally {
      runOptions.signal?.removeEventListener('abort', onAbort);
      unsubscribe?.();
    }
  };

  return Object.assign(run, {
    run,
    pipelineName: name,
    options: Object.freeze(parsed),
    source,
    [PIPELINE_BRAND]: true,
  });
}

export function isPipeline(value: unknown): value is Pipeline<unknown, unknown> {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[PIPELINE_BRAND] === true;
}
