import { join } from 'node:path';
import type { ExecutionRequest } from '../ports/executor.js';
import { ENV, INPUTS_FILE, OUTPUTS_FILE } from './protocol.js';
import type { ResolvedRuntimeOptions } from './runtime-options.js';
import type { WorkDir } from './work-dir.js';

/**
 * The environment of a component process, later entries winning: inherited variables, the runtime
 * options' `env`, the runtime's own defaults, `component.env`, then the TWINGRAPH_* protocol variables.
 */
export function buildChildEnv(
  options: ResolvedRuntimeOptions,
  request: ExecutionRequest,
  workDir: WorkDir,
  inputsJson: string,
  runtimeEnv: Readonly<Record<string, string>> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...inherited(options.inheritEnv), ...options.env, ...runtimeEnv, ...request.component.env };
  env[ENV.workDir] = workDir.path;
  env[ENV.inputsFile] = join(workDir.path, INPUTS_FILE);
  env[ENV.outputsFile] = join(workDir.path, OUTPUTS_FILE);
  if (Buffer.byteLength(inputsJson) < options.inlineInputsLimit) env[ENV.inputs] = inputsJson;
  else delete env[ENV.inputs];
  env[ENV.runId] = request.runId;
  env[ENV.executionId] = request.executionId;
  env[ENV.component] = request.component.name;
  env[ENV.attempt] = String(request.attempt);
  return env;
}

function inherited(inheritEnv: boolean | readonly string[]): NodeJS.ProcessEnv {
  if (inheritEnv === true) return { ...process.env };
  const env: NodeJS.ProcessEnv = {};
  if (inheritEnv === false) return env;
  for (const name of inheritEnv) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
