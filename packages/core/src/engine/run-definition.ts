import type { ErrorHandler } from '@twingraph/model';

/** One run as the engine sees it, whatever authored it (SDK pipeline, document, API). */
export interface RunDefinition {
  name: string;
  /** Hash of the pipeline definition: code or document. */
  version: string;
  /** @defaultValue 16 */
  maxParallel?: number;
  /** @defaultValue 'fail' */
  errorHandler?: ErrorHandler;
  /** Whole-run limit, ms. */
  timeoutMs?: number;
  /** true: clear earlier runs of this pipeline from the graph first; 'all': the whole graph. @defaultValue false */
  clearGraph?: boolean | 'all';
  /** Global cache switch; components still opt in. @defaultValue true */
  cache?: boolean;
  labels?: Record<string, string>;
  /** Where the definition came from, for resume. */
  source?: string;
  inputs?: unknown;
  /** Set to continue an earlier run under the same id (resume). */
  runId?: string;
}

export interface ResolvedRunDefinition extends Required<Pick<RunDefinition, 'name' | 'version' | 'maxParallel' | 'errorHandler' | 'clearGraph' | 'cache'>> {
  timeoutMs: number | undefined;
  labels: Record<string, string> | undefined;
  source: string | undefined;
  inputs: unknown;
  runId: string | undefined;
}

export function resolveRunDefinition(definition: RunDefinition, engineCache: boolean): ResolvedRunDefinition {
  return {
    name: definition.name,
    version: definition.version,
    maxParallel: definition.maxParallel ?? 16,
    errorHandler: definition.errorHandler ?? 'fail',
    clearGraph: definition.clearGraph ?? false,
    cache: engineCache && (definition.cache ?? true),
    timeoutMs: definition.timeoutMs,
    labels: definition.labels,
    source: definition.source,
    inputs: definition.inputs,
    runId: definition.runId,
  };
}
