import { RUNTIME_ENV as ENV, INPUTS_FILE, OUTPUTS_FILE, prepareContainerLaunch, sdkFunctionModule, type ContainerFile, type ExecutionRequest } from '@twingraph/core';
import { invalidDockerOption, nothingToRun } from './docker-errors.js';
import { PULL_POLICIES, type PullPolicy, type ResolvedDockerExecutorOptions } from './docker-executor-options.js';
import { parseCpu, parseMemorySize } from './memory-size.js';

/**
 * Options a docker component may set in `platformOptions` (besides `image`, `command`, `env` and
 * `resources` on the component itself).
 */
export interface DockerPlatformOptions {
  /** @defaultValue the executor's (`'ifNotPresent'`) */
  pullPolicy?: PullPolicy;
  /** Command of a plain container component (no function, no code); `component.command` wins. */
  command?: string[];
  /** Replaces the image's entrypoint. */
  entrypoint?: string[];
  /** Bind mounts / named volumes, `'source:target[:ro]'` as in `docker run -v`. */
  volumes?: string[];
  /** Network mode (`none`, `host`, `bridge`, a network name). @defaultValue the executor's (`'none'`) */
  network?: string;
  /** `user`, `uid`, `uid:gid`. @defaultValue the image's */
  user?: string;
  /** Working directory of the process. @defaultValue the work dir for code/functions, the image's for commands */
  workdir?: string;
  /** Labels added to the container. */
  labels?: Record<string, string>;
}

/** Everything needed to create one container for one attempt. */
export interface ContainerSpec {
  image: string;
  pullPolicy: PullPolicy;
  cmd: string[];
  entrypoint?: string[];
  env: string[];
  workingDir?: string;
  user?: string;
  labels: Record<string, string>;
  network: string;
  memoryBytes?: number;
  nanoCpus?: number;
  gpus?: number;
  binds?: string[];
  /** Work dir files copied in before start (with `workDir` as their root). */
  workDir: string;
  files: ContainerFile[];
  jsonStdout: boolean;
  /** What runs: an SDK function, code, or the image's command. */
  kind: 'function' | 'code' | 'command';
}

/** Validates a docker component's options and turns one request into a container spec. */
export async function resolveContainerSpec(request: ExecutionRequest, options: ResolvedDockerExecutorOptions): Promise<ContainerSpec> {
  const { component } = request;
  const name = component.name;
  const platform = readPlatformOptions(name, component.platformOptions ?? {});
  const kind = component.fn !== undefined ? 'function' : component.code !== undefined ? 'code' : 'command';
  const language = kind === 'function' ? 'javascript' : component.language;
  const image = component.image ?? (kind === 'command' || language === undefined ? undefined : options.defaultImages[language]);
  if (image === undefined) throw invalidDockerOption(name, 'image', 'is missing', "Set image: 'repository:tag' on the component.");

  const resources = component.resources ?? {};
  const memory = resources.memory === undefined ? undefined : parseMemorySize(resources.memory);
  if (memory !== undefined && 'problem' in memory) throw invalidDockerOption(name, 'resources.memory', memory.problem, "Use e.g. memory: '512Mi' (binary units Ki/Mi/Gi) or '1G' (decimal), at least 6Mi.");
  if (memory !== undefined && memory.bytes < 6 * 2 ** 20) throw invalidDockerOption(name, 'resources.memory', `is ${memory.bytes} bytes, below Docker's minimum of 6Mi`, "Use at least '6Mi'.");
  const cpu = resources.cpu === undefined ? undefined : parseCpu(resources.cpu);
  if (cpu !== undefined && 'problem' in cpu) throw invalidDockerOption(name, 'resources.cpu', cpu.problem, "Use a number of CPUs (1, 0.5) or millicores ('500m').");
  const gpus = resources.gpu === true ? -1 : typeof resources.gpu === 'number' && resources.gpu > 0 ? resources.gpu : undefined;

  let cmd: string[];
  let files: ContainerFile[];
  let env: Record<string, string>;
  let jsonStdout = false;
  if (kind === 'command') {
    const command = component.command ?? platform.command;
    if (command === undefined && platform.entrypoint === undefined && component.image === undefined) throw nothingToRun(name);
    cmd = command ?? [];
    const inputsJson = JSON.stringify(request.inputs);
    files = [{ path: INPUTS_FILE, content: inputsJson }];
    env = { ...component.env, ...protocolEnv(request, options.workDir, inputsJson, options.inlineInputsLimit) };
  } else {
    const launchRequest = kind === 'function' ? { ...request, component: { ...component, language: 'javascript' as const, code: sdkFunctionModule(request, { generatedBy: 'DockerExecutor', platform: 'Docker', destination: 'container' }) } } : request;
    const launch = await prepareContainerLaunch(launchRequest, { workDir: options.workDir, inlineInputsLimit: options.inlineInputsLimit, preparedModule: kind === 'function' });
    cmd = launch.command;
    files = launch.files;
    env = launch.env;
    jsonStdout = launch.jsonStdout;
  }
  return {
    image,
    pullPolicy: platform.pullPolicy ?? options.pullPolicy,
    cmd,
    ...(platform.entrypoint === undefined ? {} : { entrypoint: platform.entrypoint }),
    env: Object.entries({ ...options.env, ...env }).map(([key, value]) => `${key}=${value}`),
    ...(platform.workdir !== undefined ? { workingDir: platform.workdir } : kind === 'command' ? {} : { workingDir: options.workDir }),
    ...(platform.user === undefined ? {} : { user: platform.user }),
    labels: {
      ...options.labels,
      ...platform.labels,
      'twingraph.run': request.runId,
      'twingraph.execution': request.executionId,
      'twingraph.component': name,
    },
    network: platform.network ?? options.network,
    ...(memory === undefined ? {} : { memoryBytes: memory.bytes }),
    ...(cpu === undefined ? {} : { nanoCpus: cpu.nanoCpus }),
    ...(gpus === undefined ? {} : { gpus }),
    ...(platform.volumes === undefined ? {} : { binds: platform.volumes }),
    workDir: options.workDir,
    files,
    jsonStdout,
    kind,
  };
}

function protocolEnv(request: ExecutionRequest, workDir: string, inputsJson: string, inlineLimit: number): Record<string, string> {
  return {
    [ENV.workDir]: workDir,
    [ENV.inputsFile]: `${workDir}/${INPUTS_FILE}`,
    [ENV.outputsFile]: `${workDir}/${OUTPUTS_FILE}`,
    ...(Buffer.byteLength(inputsJson) < inlineLimit ? { [ENV.inputs]: inputsJson } : {}),
    [ENV.runId]: request.runId,
    [ENV.executionId]: request.executionId,
    [ENV.component]: request.component.name,
    [ENV.attempt]: String(request.attempt),
  };
}

const KNOWN = new Set(['pullPolicy', 'command', 'entrypoint', 'volumes', 'network', 'user', 'workdir', 'labels']);

function readPlatformOptions(component: string, raw: Record<string, unknown>): DockerPlatformOptions {
  const unknown = Object.keys(raw).filter((key) => !KNOWN.has(key));
  if (unknown.length > 0) {
    throw invalidDockerOption(component, `platformOptions.${unknown[0]!}`, 'is not a docker option', `Docker platformOptions are: ${[...KNOWN].join(', ')}.`);
  }
  const options: DockerPlatformOptions = {};
  if (raw['pullPolicy'] !== undefined) {
    if (!PULL_POLICIES.includes(raw['pullPolicy'] as PullPolicy)) {
      throw invalidDockerOption(component, 'platformOptions.pullPolicy', `must be one of ${PULL_POLICIES.join(', ')}, got ${JSON.stringify(raw['pullPolicy'])}`, "e.g. pullPolicy: 'never' for images built locally.");
    }
    options.pullPolicy = raw['pullPolicy'] as PullPolicy;
  }
  for (const key of ['command', 'entrypoint', 'volumes'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      throw invalidDockerOption(component, `platformOptions.${key}`, 'must be an array of strings', key === 'volumes' ? "e.g. volumes: ['/data:/data:ro']" : `e.g. ${key}: ['python3', 'main.py']`);
    }
    options[key] = value;
  }
  for (const volume of options.volumes ?? []) {
    if (!/^[^:]+:\/[^:]*(:(ro|rw|z|Z|ro,z|ro,Z))?$/.test(volume)) {
      throw invalidDockerOption(component, 'platformOptions.volumes', `entry '${volume}' is not 'source:/target[:ro]'`, "e.g. volumes: ['/host/data:/data:ro', 'cache-volume:/cache'].");
    }
  }
  for (const key of ['network', 'user', 'workdir'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') throw invalidDockerOption(component, `platformOptions.${key}`, 'must be a non-empty string', `e.g. ${key}: '${key === 'network' ? 'none' : key === 'user' ? '1000:1000' : '/app'}'`);
    options[key] = value;
  }
  const labels = raw['labels'];
  if (labels !== undefined) {
    if (typeof labels !== 'object' || labels === null || Array.isArray(labels) || !Object.values(labels).every((v) => typeof v === 'string')) {
      throw invalidDockerOption(component, 'platformOptions.labels', 'must be an object of strings', "e.g. labels: { team: 'data' }");
    }
    options.labels = labels as Record<string, string>;
  }
  return options;
}
