import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ERROR_CODES, TwinGraphError, type RunRecord } from '@twingraph/model';
import { loadResumableRun, runWorkflow } from '@twingraph/core';
import { getDefaultEngine } from '../../wiring/default-engine.js';
import { pipelineSettings } from '../../wiring/pipeline-settings.js';
import { loadPipeline } from '../load-pipeline.js';
import { readDocument } from '../read-document.js';
import { overrides, withProgress, type RunCommandOptions } from './run-command.js';

export type ResumeCommandOptions = Omit<RunCommandOptions, 'pipeline' | 'input'> & {
  /** The pipeline module or workflow document, when it moved since the run recorded its path. */
  file?: string;
};

const DOCUMENT_FILE = /\.(json|ya?ml)$/i;

/**
 * `twingraph resume <runId>`: continues a run whose driver died (or that failed): loads the pipeline
 * module or workflow document the run recorded, runs it again under the same run id with the same
 * inputs, and reuses every component the run already finished (by hash); the others run. Returns the
 * exit code, like `twingraph run`.
 */
export async function resumeCommand(runId: string, options: ResumeCommandOptions): Promise<number> {
  const runOptions: RunCommandOptions = { ...options, input: [] };
  const storeEngine = await getDefaultEngine({ overrides: overrides(runOptions) });
  const run = await loadResumableRun(storeEngine.runStore, runId);
  const file = sourceFile(run, options.file);
  if (DOCUMENT_FILE.test(file)) {
    const document = await readDocument(file);
    return withProgress(runOptions, (view, signal) => runWorkflow(storeEngine, document, {
      runId,
      resume: true,
      ...(isRecord(run.inputs) ? { inputs: run.inputs } : {}),
      signal,
      source: file,
      baseDir: dirname(file),
      loadDocument: async (ref, baseDir) => {
        const refPath = resolve(baseDir ?? dirname(file), ref);
        return { document: await readDocument(refPath), baseDir: dirname(refPath) };
      },
      ...(view === undefined ? {} : { onEvent: view.onEvent }),
      onStart: (id) => view?.start(`Resuming ${file} (run ${id})`),
    }), storeEngine);
  }
  const pipeline = await loadPipeline(file, run.pipeline);
  const engine = await getDefaultEngine({ overrides: overrides(runOptions), pipeline: pipelineSettings(pipeline.options) });
  return withProgress(runOptions, (view, signal) => pipeline.run(undefined, {
    engine,
    signal,
    resume: runId,
    ...(view === undefined ? {} : { onEvent: view.onEvent }),
    onStart: (id) => view?.start(`Resuming ${pipeline.pipelineName} (run ${id})`),
  }), engine);
}

/** The file the run was started from: --file, else the path the run recorded. */
function sourceFile(run: RunRecord, override: string | undefined): string {
  if (override !== undefined) return resolve(override);
  const source = run.source;
  if (source === undefined || !source.startsWith('/')) {
    throw new TwinGraphError(ERROR_CODES.USAGE, source === undefined
      ? `Run '${run.runId}' recorded no pipeline file, so it cannot be resumed from here`
      : `Run '${run.runId}' was started from '${source}', not from a file`, {
      hint: source?.startsWith('workflow:') === true
        ? 'It was started by the server: the server resumes its runs when it starts again.'
        : 'Pass the pipeline module or workflow document with --file <path>.',
      details: { runId: run.runId, ...(source === undefined ? {} : { source }) },
    });
  }
  if (!existsSync(source)) {
    throw new TwinGraphError(ERROR_CODES.MODULE_LOAD_FAILED, `Run '${run.runId}' was started from ${source}, which no longer exists`, {
      hint: 'Pass the pipeline module or workflow document with --file <path>.',
      details: { runId: run.runId, source },
    });
  }
  return source;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
