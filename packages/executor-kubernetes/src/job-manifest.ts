import type { V1EnvVar, V1Job, V1ResourceRequirements } from '@kubernetes/client-node';
import { RUNTIME_ENV as ENV, INPUTS_FILE, OUTPUTS_FILE, prepareContainerLaunch, sdkFunctionModule, type ContainerFile, type ExecutionRequest } from '@twingraph/core';
import { bootstrap } from './pod-bootstrap.js';
import { invalidKubernetesOption, payloadTooLarge } from './kubernetes-errors.js';
import type { ResolvedKubernetesExecutorOptions } from './kubernetes-executor-options.js';
import { readKubernetesOptions } from './kubernetes-platform-options.js';
import { jobName, labelValue } from './kubernetes-names.js';
import { cpuQuantity, memoryQuantity } from './kubernetes-quantity.js';

/** Label on the Pod template the executor watches by (Kubernetes' own job-name label varies by version). */
export const JOB_LABEL = 'twingraph.io/job';
export const CONTAINER_NAME = 'component';

/** One attempt as a Job, plus what the executor needs to follow it. */
export interface JobPlan {
  name: string;
  namespace: string;
  job: V1Job;
  image: string;
  kind: 'function' | 'code' | 'command';
  /** The memory limit as given to Kubernetes, for the OOM message. */
  memoryLimit: string | undefined;
  activeDeadlineSeconds: number | undefined;
  jsonStdout: boolean;
}

/**
 * Validates a kubernetes component's options and turns one attempt into a batch/v1 Job: one container,
 * restartPolicy Never, backoffLimit 0 (TwinGraph owns retries), activeDeadlineSeconds from the timeout,
 * ttlSecondsAfterFinished as a safety net behind the executor's own delete.
 */
export async function buildJobPlan(request: ExecutionRequest, options: ResolvedKubernetesExecutorOptions, defaultNamespace: string): Promise<JobPlan> {
  const { component } = request;
  const name = component.name;
  const platform = readKubernetesOptions(name, component.platformOptions ?? {});
  const kind = component.fn !== undefined ? 'function' : component.code !== undefined ? 'code' : 'command';
  const language = kind === 'function' ? 'javascript' : component.language;
  const image = component.image ?? (kind === 'command' || language === undefined ? undefined : options.defaultImages[language]);
  if (image === undefined) throw invalidKubernetesOption(name, 'image', 'is missing', "Set image: 'registry/repository:tag' on the component (an image the cluster's nodes can pull).");

  const { workDir } = options;
  let argv: string[];
  let files: ContainerFile[];
  let env: Record<string, string>;
  let jsonStdout = false;
  const inputsJson = JSON.stringify(request.inputs);
  if (kind === 'command') {
    argv = component.command ?? platform.command ?? [];
    const inline = Buffer.byteLength(inputsJson) < options.inlineInputsLimit;
    // Small inputs travel in TWINGRAPH_INPUTS alone, so the image needs no shell; larger ones are written to inputs.json.
    files = inline ? [] : [{ path: INPUTS_FILE, content: inputsJson }];
    env = {
      ...component.env,
      ...(inline ? { [ENV.inputs]: inputsJson } : { [ENV.workDir]: workDir, [ENV.inputsFile]: `${workDir}/${INPUTS_FILE}`, [ENV.outputsFile]: `${workDir}/${OUTPUTS_FILE}` }),
      [ENV.runId]: request.runId,
      [ENV.executionId]: request.executionId,
      [ENV.component]: name,
      [ENV.attempt]: String(request.attempt),
    };
    if (!inline && argv.length === 0) throw invalidKubernetesOption(name, 'command', 'is missing', 'Give an image + command component its command (inputs this large are written to a file by a shell wrapper, which needs the command).');
  } else {
    const launchRequest = kind === 'function' ? { ...request, component: { ...component, language: 'javascript' as const, code: sdkFunctionModule(request, { generatedBy: 'KubernetesExecutor', platform: 'Kubernetes', destination: 'Pod' }) } } : request;
    const launch = await prepareContainerLaunch(launchRequest, { workDir, inlineInputsLimit: options.inlineInputsLimit, preparedModule: kind === 'function' });
    argv = launch.command;
    files = launch.files;
    env = launch.env;
    jsonStdout = launch.jsonStdout;
  }
  let command: string[] | undefined = argv.length === 0 ? undefined : argv;
  if (files.length > 0) {
    const wrapped = bootstrap(workDir, files, argv);
    if (wrapped.payloadBytes > options.maxManifestPayloadBytes) throw payloadTooLarge(name, wrapped.payloadBytes, options.maxManifestPayloadBytes);
    command = wrapped.command;
    env = { ...env, ...wrapped.env };
  } else if (Buffer.byteLength(inputsJson) > options.maxManifestPayloadBytes) {
    throw payloadTooLarge(name, Buffer.byteLength(inputsJson), options.maxManifestPayloadBytes);
  }

  const { resources, memoryLimit } = resourceRequirements(name, component.resources ?? {}, platform);
  const jobNameValue = jobName(request.executionId, request.attempt);
  const namespace = platform.namespace ?? options.namespace ?? defaultNamespace;
  const labels = {
    ...options.labels,
    ...platform.labels,
    'app.kubernetes.io/managed-by': 'twingraph',
    'twingraph.io/run': labelValue(request.runId),
    'twingraph.io/execution': labelValue(request.executionId),
    'twingraph.io/component': labelValue(name),
    [JOB_LABEL]: jobNameValue,
  };
  const annotations = {
    ...platform.annotations,
    'twingraph.io/run-id': request.runId,
    'twingraph.io/execution-id': request.executionId,
    'twingraph.io/component': name,
    'twingraph.io/attempt': String(request.attempt),
  };
  const envVars: V1EnvVar[] = Object.entries({ ...options.env, ...env }).map(([key, value]) => ({ name: key, value }));
  for (const [key, ref] of Object.entries(platform.secretEnv ?? {})) {
    envVars.push({ name: key, valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key, ...(ref.optional === undefined ? {} : { optional: ref.optional }) } } });
  }
  const activeDeadlineSeconds = request.timeoutMs === undefined ? undefined : Math.max(1, Math.ceil(request.timeoutMs / 1000));
  const pullSecrets = [...new Set([...options.imagePullSecrets, ...(platform.imagePullSecrets ?? [])])];
  const serviceAccountName = platform.serviceAccountName ?? options.serviceAccountName;
  const job: V1Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: jobNameValue, namespace, labels, annotations },
    spec: {
      backoffLimit: 0,
      ...(activeDeadlineSeconds === undefined ? {} : { activeDeadlineSeconds }),
      ttlSecondsAfterFinished: platform.ttlSecondsAfterFinished ?? options.ttlSecondsAfterFinished,
      template: {
        metadata: { labels, annotations },
        spec: {
          restartPolicy: 'Never',
          ...(serviceAccountName === undefined ? {} : { serviceAccountName }),
          ...(platform.nodeSelector === undefined ? {} : { nodeSelector: platform.nodeSelector }),
          ...(platform.tolerations === undefined ? {} : { tolerations: platform.tolerations }),
          ...(pullSecrets.length === 0 ? {} : { imagePullSecrets: pullSecrets.map((secret) => ({ name: secret })) }),
          containers: [
            {
              name: CONTAINER_NAME,
              image,
              imagePullPolicy: platform.pullPolicy ?? options.pullPolicy,
              ...(command === undefined ? {} : { command }),
              env: envVars,
              ...(kind === 'command' && files.length === 0 ? {} : { workingDir: workDir }),
              ...(resources === undefined ? {} : { resources }),
            },
          ],
        },
      },
    },
  };
  return { name: jobNameValue, namespace, job, image, kind, memoryLimit, activeDeadlineSeconds, jsonStdout };
}

/** `resources` on the component become equal requests and limits; platformOptions.resources adds raw entries on top. */
function resourceRequirements(
  component: string,
  resources: { cpu?: number | string; memory?: number | string; gpu?: boolean | number },
  platform: ReturnType<typeof readKubernetesOptions>,
): { resources: V1ResourceRequirements | undefined; memoryLimit: string | undefined } {
  const base: Record<string, string> = {};
  if (resources.memory !== undefined) {
    const memory = memoryQuantity(resources.memory);
    if ('problem' in memory) throw invalidKubernetesOption(component, 'resources.memory', memory.problem, "Use e.g. memory: '512Mi' (binary units Ki/Mi/Gi) or '1G' (decimal).");
    base['memory'] = memory.quantity;
  }
  if (resources.cpu !== undefined) {
    const cpu = cpuQuantity(resources.cpu);
    if ('problem' in cpu) throw invalidKubernetesOption(component, 'resources.cpu', cpu.problem, "Use a number of CPUs (1, 0.5) or millicores ('500m').");
    base['cpu'] = cpu.quantity;
  }
  const limitsOnly: Record<string, string> = {};
  const gpus = resources.gpu === true ? 1 : typeof resources.gpu === 'number' && resources.gpu > 0 ? resources.gpu : undefined;
  // Extended resources (GPUs) may only be set as limits (requests default to them).
  if (gpus !== undefined) limitsOnly[platform.gpuResource ?? 'nvidia.com/gpu'] = String(gpus);
  const stringify = (list: Record<string, string | number> | undefined): Record<string, string> =>
    Object.fromEntries(Object.entries(list ?? {}).map(([key, value]) => [key, String(value)]));
  const requests = { ...base, ...stringify(platform.resources?.requests) };
  const limits = { ...base, ...limitsOnly, ...stringify(platform.resources?.limits) };
  const result: V1ResourceRequirements = {
    ...(Object.keys(requests).length === 0 ? {} : { requests }),
    ...(Object.keys(limits).length === 0 ? {} : { limits }),
  };
  return { resources: Object.keys(result).length === 0 ? undefined : result, memoryLimit: limits['memory'] };
}
