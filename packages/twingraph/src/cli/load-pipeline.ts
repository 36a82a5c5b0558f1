import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { isPipeline, type Pipeline } from '../sdk/pipeline.js';

let tsxRegistered = false;

/** Imports a pipeline module (.ts, .mts, .js, .mjs; TypeScript without a build step) and picks its pipeline. */
export async function loadPipeline(file: string, exportName?: string): Promise<Pipeline<unknown, unknown>> {
  const path = resolve(file);
  if (!existsSync(path)) {
    throw new TwinGraphError(ERROR_CODES.MODULE_LOAD_FAILED, `No such file: ${path}`, { hint: 'Check the path of the pipeline file.' });
  }
  if (!tsxRegistered && /\.(c|m)?tsx?$/.test(path)) {
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new TwinGraphError(ERROR_CODES.MODULE_LOAD_FAILED, `Could not load ${file}: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'Fix the error in the module (run it with `npx tsx` to see the full stack).',
      cause: error,
      ...(error instanceof Error && error.stack !== undefined ? { details: { stack: error.stack } } : {}),
    });
  }
  return pickPipeline(module, file, exportName);
}

function pickPipeline(module: Record<string, unknown>, file: string, exportName: string | undefined): Pipeline<unknown, unknown> {
  const pipelines = Object.entries(module).filter((entry): entry is [string, Pipeline<unknown, unknown>] => isPipeline(entry[1]));
  if (exportName !== undefined) {
    const match = pipelines.find(([key, p]) => key === exportName || p.pipelineName === exportName);
    if (match !== undefined) return match[1];
  } else {
    const preferred = pipelines.find(([key]) => key === 'default') ?? (pipelines.length === 1 ? pipelines[0] : undefined);
    if (preferred !== undefined) return preferred[1];
  }
  const names = [...new Set(pipelines.map(([key]) => key))];
  const exported = Object.keys(module);
  throw new TwinGraphError(
    ERROR_CODES.PIPELINE_NOT_FOUND,
    exportName !== undefined ? `${file} exports no pipeline named '${exportName}'` :
      names.length === 0 ? `${file} exports no pipeline` : `${file} exports several pipelines (${names.join(', ')})`,
    {
      hint: names.length === 0
        ? `Export one: \`export default pipeline({ name: '...' }, async () => { ... })\`. Exports found: ${exported.join(', ') || 'none'}.`
        : `Choose one with --pipeline <name> (one of: ${names.join(', ')}).`,
      details: { exports: exported, pipelines: names },
    },
  );
}
