import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OUTPUTS_FILE } from './protocol.js';
import { invalidOutputsError, noOutputsError } from './runtime-errors.js';
import type { CollectedOutput } from './output-collector.js';

export type ParsedOutputs = { ok: true; value: Record<string, unknown> } | { ok: false; problem: string };

/** Parses outputs text: it must be one JSON object. */
export function parseOutputsJson(text: string): ParsedOutputs {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: `expected a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

export type OutputsSource = 'marker' | 'outputs.json' | 'stdout-json';

export interface ResolvedOutputs {
  outputs: Record<string, unknown>;
  source: OutputsSource;
}

/**
 * Picks the outputs of a finished execution, first found wins: the last marker line, then
 * outputs.json in the work dir, then (compiled programs) the last stdout line that is a JSON object.
 */
export async function resolveOutputs(component: string, collected: CollectedOutput, workDir: string): Promise<ResolvedOutputs> {
  if (collected.marker !== undefined) return { outputs: expectObject(component, 'marker line', collected.marker), source: 'marker' };
  const file = await readOutputsFile(join(workDir, OUTPUTS_FILE));
  if (file !== undefined) return { outputs: expectObject(component, OUTPUTS_FILE, file), source: 'outputs.json' };
  if (collected.jsonLine !== undefined) return { outputs: collected.jsonLine.value, source: 'stdout-json' };
  if (collected.badJsonLine !== undefined) {
    throw invalidOutputsError(component, 'last JSON line of stdout', collected.badJsonLine.problem, collected.badJsonLine.text);
  }
  throw noOutputsError(component);
}

function expectObject(component: string, source: string, text: string): Record<string, unknown> {
  const parsed = parseOutputsJson(text);
  if (!parsed.ok) throw invalidOutputsError(component, source, parsed.problem, text);
  return parsed.value;
}

async function readOutputsFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
