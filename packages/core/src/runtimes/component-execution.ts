import { ERROR_CODES, TwinGraphError, fromErrorData, type ErrorData } from '@twingraph/model';
import type { ExecutionOutcome, ExecutionRequest } from '../ports/executor.js';
import { buildChildEnv } from './child-env.js';
import { OutputCollector } from './output-collector.js';
import { resolveOutputs } from './output-parser.js';
import { runProcess } from './process-runner.js';
import { componentFailedError, missingCodeError, nonSerializableInputsError } from './runtime-errors.js';
import type { ResolvedRuntimeOptions } from './runtime-options.js';
import { createWorkDir, removeWorkDir, type WorkDir } from './work-dir.js';

/** How a runtime starts the process of one execution. */
export interface Launch {
  command: string;
  args: readonly string[];
  /** What to install when `command` is missing, e.g. "Python 3 (python3)". */
  install: string;
  /** Given on stdin (C++/Rust get the inputs JSON); stdin is /dev/null otherwise. */
  stdin?: string;
  /** Runtime defaults (e.g. PYTHONUNBUFFERED=1); `component.env` overrides them. */
  env?: Readonly<Record<string, string>>;
  /** Accept the last stdout line that is a JSON object as the outputs (C++/Rust). */
  jsonStdout?: boolean;
  /** Added to the outcome metadata. */
  metadata?: Record<string, unknown>;
}

export interface LaunchContext {
  request: ExecutionRequest;
  workDir: WorkDir;
  inputsJson: string;
  code: string;
}

/**
 * The one flow every code runtime shares: work dir with inputs.json, process with streamed logs and
 * abort handling, outputs from the marker line / outputs.json / JSON stdout, work dir removed.
 * `prepare` writes the runtime's files into the work dir (or compiles) and says what to start.
 */
export async function executeCodeComponent(
  request: ExecutionRequest,
  options: ResolvedRuntimeOptions,
  prepare: (context: LaunchContext) => Promise<Launch>,
): Promise<ExecutionOutcome> {
  const { component } = request;
  if (request.signal.aborted) throw request.signal.reason;
  if (component.code === undefined) throw missingCodeError(component.name, component.language ?? 'none');
  const inputsJson = serializeInputs(component.name, request.inputs);
  const workDir = await createWorkDir(options.workDir, component.name, inputsJson);
  try {
    const launch = await prepare({ request, workDir, inputsJson, code: component.code });
    const collector = new OutputCollector((stream, line) => request.log(stream, line), { jsonStdout: launch.jsonStdout ?? false });
    const result = await runProcess({
      command: launch.command,
      args: launch.args,
      cwd: workDir.path,
      env: buildChildEnv(options, request, workDir, inputsJson, launch.env),
      ...(launch.stdin === undefined ? {} : { stdin: launch.stdin }),
      signal: request.signal,
      killGraceMs: options.killGraceMs,
      onLine: collector.onLine,
      install: launch.install,
    });
    const collected = collector.result;
    if (collected.error !== undefined) throw harnessError(collected.error);
    if (result.exitCode !== 0) {
      collector.release();
      throw componentFailedError(component.name, { exitCode: result.exitCode, signal: result.signal, logTail: collector.tail });
    }
    const resolved = await resolveOutputs(component.name, collected, workDir.path).catch((error: unknown) => {
      collector.release();
      throw error;
    });
    if (resolved.source !== 'stdout-json') collector.release();
    return {
      outputs: resolved.outputs,
      metadata: { language: component.language, exitCode: result.exitCode, durationMs: Math.round(result.durationMs), outputsSource: resolved.source, ...launch.metadata },
    };
  } finally {
    if (options.keepWorkDir) request.log('system', `work dir kept: ${workDir.path}`);
    else await removeWorkDir(workDir);
  }
}

function serializeInputs(component: string, inputs: Record<string, unknown>): string {
  try {
    return JSON.stringify(inputs);
  } catch (error) {
    throw nonSerializableInputsError(component, error);
  }
}

function harnessError(text: string): TwinGraphError {
  try {
    return fromErrorData(JSON.parse(text) as ErrorData);
  } catch (error) {
    return new TwinGraphError(ERROR_CODES.INTERNAL, `A TwinGraph harness reported an unreadable error: ${text.slice(0, 200)}`, { cause: error });
  }
}
