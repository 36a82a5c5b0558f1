import type { ExecutionRequest } from '../ports/executor.js';
import { BASH_FILES, BASH_PRELUDE, bashInputName, bashInputValue } from './bash-prelude.js';
import { JAVASCRIPT_FILES, JAVASCRIPT_HARNESS, PROCESS_EXPORT, withProcessExport } from './javascript-harness.js';
import { ENV, INPUTS_FILE, OUTPUTS_FILE, TWINGRAPH_DIR } from './protocol.js';
import { PYTHON_FILES, PYTHON_HARNESS } from './python-harness.js';
import { missingCodeError, nonSerializableInputsError } from './runtime-errors.js';
import { stripTypes } from './typescript-runtime.js';

/** Languages a container can run through the runtime protocol (the image must hold the interpreter or compiler). */
export const CONTAINER_LANGUAGES = ['python', 'javascript', 'typescript', 'bash', 'cpp', 'rust'] as const;

/**
 * Image per language for a container executor when a component names none (Docker, Kubernetes):
 * public images holding the interpreter or compiler the runtime protocol calls.
 */
export const DEFAULT_CONTAINER_IMAGES: Readonly<Record<(typeof CONTAINER_LANGUAGES)[number], string>> = {
  javascript: 'node:20-slim',
  typescript: 'node:20-slim',
  python: 'python:3.12-slim',
  bash: 'bash:5',
  cpp: 'gcc:14',
  rust: 'rust:1-slim',
};

/** One file of a container work dir: path relative to the work dir. */
export interface ContainerFile {
  path: string;
  content: string;
}

/**
 * How to run one code component inside a container (or any machine whose file system the engine
 * does not share): the work dir's files (inputs.json, harness, user code), the command and the
 * protocol environment. The caller copies the files in (e.g. Docker putArchive) and runs `command`
 * with the work dir as cwd; outputs come back on the marker line or in outputs.json.
 */
export interface ContainerLaunch {
  /** Absolute work dir inside the container (TWINGRAPH_WORK_DIR). */
  workDir: string;
  /** Files to create under `workDir`, inputs.json first. */
  files: ContainerFile[];
  /** argv; the program is looked up on the image's PATH. */
  command: string[];
  /** Runtime defaults, then `component.env`, then the TWINGRAPH_* protocol variables. */
  env: Record<string, string>;
  /** Accept the last stdout line that is a JSON object as the outputs (C++/Rust). */
  jsonStdout: boolean;
  /** What the image must provide, for error messages ("python3", "node"…). */
  needs: string;
}

export interface ContainerLaunchOptions {
  /** Work dir inside the container. @defaultValue `'/twingraph/work'` */
  workDir?: string;
  /** Inputs JSON under this many bytes is also passed in env TWINGRAPH_INPUTS. @defaultValue `65536` */
  inlineInputsLimit?: number;
  /**
   * JavaScript only: the code is already a module exporting the harness entry (see
   * `JAVASCRIPT_PROCESS_EXPORT`), so it is used as is (SDK functions serialized by an executor).
   * @defaultValue `false`
   */
  preparedModule?: boolean;
}

/** Name of the export the JavaScript harness calls; a prepared module must define it. */
export const JAVASCRIPT_PROCESS_EXPORT = PROCESS_EXPORT;

/**
 * The same protocol and harnesses as the local runtimes (python/javascript/typescript/bash), with
 * container paths; C++/Rust are compiled inside the container by `sh -c` (g++ / rustc in the image).
 */
export async function prepareContainerLaunch(request: ExecutionRequest, options: ContainerLaunchOptions = {}): Promise<ContainerLaunch> {
  const { component } = request;
  const language = component.language ?? 'none';
  if (component.code === undefined) throw missingCodeError(component.name, language);
  const workDir = options.workDir ?? '/twingraph/work';
  const internal = `${workDir}/${TWINGRAPH_DIR}`;
  let inputsJson: string;
  try {
    inputsJson = JSON.stringify(request.inputs);
  } catch (error) {
    throw nonSerializableInputsError(component.name, error);
  }
  const files: ContainerFile[] = [{ path: INPUTS_FILE, content: inputsJson }];
  const add = (name: string, content: string): string => {
    files.push({ path: `${TWINGRAPH_DIR}/${name}`, content });
    return `${internal}/${name}`;
  };
  let command: string[];
  let runtimeEnv: Record<string, string> = {};
  let jsonStdout = false;
  let needs: string;
  const code = component.code;
  switch (language) {
    case 'python':
      add(PYTHON_FILES.component, code);
      command = ['python3', add(PYTHON_FILES.harness, PYTHON_HARNESS)];
      runtimeEnv = { PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' };
      needs = 'python3';
      break;
    case 'javascript':
    case 'typescript': {
      const module = options.preparedModule === true ? code : withProcessExport(code);
      add(JAVASCRIPT_FILES.component, language === 'typescript' ? await stripTypes(component.name, module) : module);
      command = ['node', ...(language === 'typescript' ? ['--enable-source-maps'] : []), add(JAVASCRIPT_FILES.harness, JAVASCRIPT_HARNESS)];
      needs = 'node';
      break;
    }
    case 'bash':
      for (const [name, value] of Object.entries(request.inputs)) {
        if (value !== undefined) add(`${BASH_FILES.inputs}/${bashInputName(name)}`, bashInputValue(value));
      }
      command = ['bash', add(BASH_FILES.prelude, BASH_PRELUDE), add(BASH_FILES.component, code)];
      needs = 'bash';
      break;
    case 'cpp':
      add('component.cpp', code);
      command = ['sh', '-c', `g++ -std=c++17 -O2 -o /tmp/twingraph-program ${internal}/component.cpp && exec /tmp/twingraph-program < ${workDir}/${INPUTS_FILE}`];
      jsonStdout = true;
      needs = 'sh and g++';
      break;
    case 'rust':
      add('component.rs', code);
      command = ['sh', '-c', `rustc --edition 2021 -O -o /tmp/twingraph-program ${internal}/component.rs && exec /tmp/twingraph-program < ${workDir}/${INPUTS_FILE}`];
      jsonStdout = true;
      needs = 'sh and rustc';
      break;
    default:
      throw missingCodeError(component.name, language);
  }
  const env: Record<string, string> = { ...runtimeEnv, ...component.env };
  env[ENV.workDir] = workDir;
  env[ENV.inputsFile] = `${workDir}/${INPUTS_FILE}`;
  env[ENV.outputsFile] = `${workDir}/${OUTPUTS_FILE}`;
  if (Buffer.byteLength(inputsJson) < (options.inlineInputsLimit ?? 64 * 1024)) env[ENV.inputs] = inputsJson;
  env[ENV.runId] = request.runId;
  env[ENV.executionId] = request.executionId;
  env[ENV.component] = component.name;
  env[ENV.attempt] = String(request.attempt);
  return { workDir, files, command, env, jsonStdout, needs };
}
