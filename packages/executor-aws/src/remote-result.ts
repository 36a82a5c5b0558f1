import { componentFailedError, invalidOutputsError, noOutputsError, parseOutputsJson } from '@twingraph/core';
import { ERROR_CODES, fromErrorData, TwinGraphError, type ErrorData } from '@twingraph/model';

/** What the TwinGraph AWS runtime reports for one component run (the Lambda response body). */
export type RuntimeResult =
  | { status: 'succeeded'; source: 'marker' | 'outputs.json' | 'stdout-json'; outputsText?: string; outputsStored?: boolean }
  | { status: 'failed'; exitCode: number | null; signal: string | null; logTail: string[] }
  | { status: 'error'; error: string; logTail?: string[] }
  | { status: 'no-outputs'; logTail?: string[] }
  | { status: 'cancelled'; logTail?: string[] };

/** Parses outputs JSON text the way local and Docker components' outputs are parsed. */
export function parseRemoteOutputs(component: string, source: string, text: string): Record<string, unknown> {
  const parsed = parseOutputsJson(text);
  if (!parsed.ok) throw invalidOutputsError(component, source, parsed.problem, text);
  return parsed.value;
}

/** The error a failed runtime result stands for. */
export function runtimeFailure(component: string, result: Exclude<RuntimeResult, { status: 'succeeded' }>): TwinGraphError {
  switch (result.status) {
    case 'failed':
      return componentFailedError(component, { exitCode: result.exitCode, signal: result.signal, logTail: result.logTail });
    case 'no-outputs':
      return noOutputsError(component);
    case 'error':
      return harnessError(result.error);
    case 'cancelled':
      return new TwinGraphError(ERROR_CODES.CANCELLED, `Component '${component}' was stopped by its cancel marker`, { details: { component }, nonRetryable: true });
  }
}

/** The error a TwinGraph harness reported on its error marker line. */
export function harnessError(text: string): TwinGraphError {
  try {
    return fromErrorData(JSON.parse(text) as ErrorData);
  } catch (error) {
    return new TwinGraphError(ERROR_CODES.INTERNAL, `A TwinGraph harness reported an unreadable error: ${text.slice(0, 200)}`, { cause: error });
  }
}

export function isRuntimeResult(value: unknown): value is RuntimeResult {
  const status = (value as { status?: unknown } | null)?.status;
  return typeof status === 'string' && ['succeeded', 'failed', 'error', 'no-outputs', 'cancelled'].includes(status);
}
