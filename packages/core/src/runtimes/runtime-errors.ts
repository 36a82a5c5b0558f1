import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { OUTPUTS_FILE, OUTPUTS_MARKER } from './protocol.js';

// Errors raised by the code runtimes. Messages say what happened, hints say what to do.

const OUTPUTS_HINT =
  `Print one line \`${OUTPUTS_MARKER}<json object>\` to stdout or write ${OUTPUTS_FILE} in the work dir (the current directory); ` +
  'Python/JavaScript/TypeScript: return an object from process(inputs); C++/Rust: print the outputs object as the last JSON line.';

export function missingCodeError(component: string, language: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.VALIDATION, `Component '${component}' has language '${language}' but no code`, {
    hint: 'Give the component its source in `code`.',
    nonRetryable: true,
  });
}

export function nonSerializableInputsError(component: string, cause: unknown): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.NON_SERIALIZABLE, `Inputs of component '${component}' cannot be sent as JSON: ${describe(cause)}`, {
    hint: 'Pass plain JSON values (objects, arrays, strings, finite numbers, booleans, null).',
    nonRetryable: true,
    cause,
  });
}

/** The interpreter or compiler is not installed (or not where the options say). */
export function missingToolError(tool: string, install: string, cause: unknown): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.EXECUTOR_NOT_CONFIGURED, `Cannot run '${tool}': it is not installed or not on PATH`, {
    category: 'operational',
    hint: `Install ${install}, or point the runtime options at it.`,
    details: { tool },
    nonRetryable: true,
    cause,
  });
}

export function spawnFailedError(tool: string, cause: unknown): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `Cannot start '${tool}': ${describe(cause)}`, {
    category: 'operational',
    hint: 'Check the file permissions of the program and of the work and cache directories.',
    details: { tool },
    cause,
  });
}

export interface ExitInfo {
  exitCode: number | null;
  signal: string | null;
  logTail: readonly string[];
}

export function componentFailedError(component: string, exit: ExitInfo): TwinGraphError {
  const how = exit.exitCode === null ? `was killed by signal ${exit.signal ?? 'unknown'}` : `exited with code ${exit.exitCode}`;
  const tail = exit.logTail.length === 0 ? ' (no log output)' : `. Last log lines:\n${indent(exit.logTail)}`;
  return new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `Component '${component}' ${how}${tail}`, {
    hint: "Read the component's log above; fix the code or its inputs.",
    details: { exitCode: exit.exitCode, signal: exit.signal, logTail: [...exit.logTail] },
  });
}

export function compileFailedError(component: string, compiler: string, exitCode: number | null, output: readonly string[]): TwinGraphError {
  const text = output.join('\n');
  const shown = text.length > 4000 ? `${text.slice(0, 4000)}\n…` : text;
  return new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `Component '${component}' does not compile (${compiler} exited with code ${exitCode ?? 'none'}):\n${shown}`, {
    hint: 'Fix the compile errors shown above.',
    details: { compiler, exitCode, compilerOutput: text },
    nonRetryable: true,
  });
}

export function noOutputsError(component: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.INVALID_OUTPUTS, `Component '${component}' printed no outputs`, {
    hint: OUTPUTS_HINT,
    nonRetryable: true,
  });
}

export function invalidOutputsError(component: string, source: string, problem: string, text: string): TwinGraphError {
  const excerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return new TwinGraphError(ERROR_CODES.INVALID_OUTPUTS, `Outputs of component '${component}' (${source}) are invalid: ${problem}`, {
    hint: `Outputs must be one JSON object. ${OUTPUTS_HINT}`,
    details: { source, problem, excerpt },
    nonRetryable: true,
  });
}

function indent(lines: readonly string[]): string {
  return lines.map((line) => `  ${line.length > 500 ? `${line.slice(0, 500)}…` : line}`).join('\n');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
