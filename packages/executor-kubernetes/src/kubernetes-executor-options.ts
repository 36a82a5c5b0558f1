import { DEFAULT_CONTAINER_IMAGES } from '@twingraph/core';

/** When the kubelet pulls a component's image. */
export type KubernetesPullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** Where the cluster is and who TwinGraph is there. */
export interface KubernetesConnection {
  /** Kubeconfig file. @defaultValue KUBECONFIG / ~/.kube/config (the client's default loading) */
  kubeconfigPath?: string;
  /** Context of the kubeconfig to use. @defaultValue its current-context */
  context?: string;
  /** Use the Pod's service account (KubeConfig.loadFromCluster) instead of a kubeconfig. @defaultValue false */
  inCluster?: boolean;
}

export interface KubernetesExecutorOptions {
  connection?: KubernetesConnection;
  /** Namespace of every Job unless a component says otherwise. @defaultValue the context's namespace, else `'default'` */
  namespace?: string;
  /**
   * Image per kind of component when the component names none: `javascript` also runs TypeScript and
   * SDK functions (it needs `node`), `python` needs `python3`, `bash` needs `bash`. The image needs `sh`
   * for everything but image + command components (the work dir is written by a short `sh` script).
   * @defaultValue `{ javascript: 'node:20-slim', typescript: 'node:20-slim', python: 'python:3.12-slim', bash: 'bash:5', cpp: 'gcc:14', rust: 'rust:1-slim' }`
   */
  defaultImages?: Partial<Record<'javascript' | 'typescript' | 'python' | 'bash' | 'cpp' | 'rust', string>>;
  /** @defaultValue `'IfNotPresent'` */
  pullPolicy?: KubernetesPullPolicy;
  /** Work dir inside the container. @defaultValue `'/twingraph/work'` */
  workDir?: string;
  /** Labels added to every Job and Pod (besides twingraph.io/run, /execution, /component). @defaultValue `{}` */
  labels?: Record<string, string>;
  /** Environment added to every container, before the component's own env. @defaultValue `{}` */
  env?: Record<string, string>;
  /** Service account of every Pod unless a component says otherwise. @defaultValue the namespace's default */
  serviceAccountName?: string;
  /** Registry secrets of every Pod, added to the component's. @defaultValue `[]` */
  imagePullSecrets?: string[];
  /** Seconds a finished Job stays when the explicit delete did not happen (executor killed). @defaultValue `300` */
  ttlSecondsAfterFinished?: number;
  /**
   * Largest total of work-dir files (inputs JSON, harness, code) carried in the Pod spec, bytes. Kubernetes
   * objects are limited to about 1.5 MiB; larger inputs should be stored as blobs by the engine.
   * @defaultValue `1048576`
   */
  maxManifestPayloadBytes?: number;
  /** Inputs JSON under this many bytes is also passed in env TWINGRAPH_INPUTS. @defaultValue `65536` */
  inlineInputsLimit?: number;
  /** How long a Pod may stay unscheduled or pulling before the attempt fails (0: wait for the timeout). @defaultValue `0` */
  pendingTimeoutMs?: number;
}

export interface ResolvedKubernetesExecutorOptions {
  readonly connection: KubernetesConnection;
  readonly namespace: string | undefined;
  readonly defaultImages: Readonly<Record<string, string>>;
  readonly pullPolicy: KubernetesPullPolicy;
  readonly workDir: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly serviceAccountName: string | undefined;
  readonly imagePullSecrets: readonly string[];
  readonly ttlSecondsAfterFinished: number;
  readonly maxManifestPayloadBytes: number;
  readonly inlineInputsLimit: number;
  readonly pendingTimeoutMs: number;
}

export function resolveKubernetesExecutorOptions(options: KubernetesExecutorOptions = {}): ResolvedKubernetesExecutorOptions {
  return {
    connection: options.connection ?? {},
    namespace: options.namespace,
    defaultImages: { ...DEFAULT_CONTAINER_IMAGES, ...options.defaultImages },
    pullPolicy: options.pullPolicy ?? 'IfNotPresent',
    workDir: options.workDir ?? '/twingraph/work',
    labels: options.labels ?? {},
    env: options.env ?? {},
    serviceAccountName: options.serviceAccountName,
    imagePullSecrets: options.imagePullSecrets ?? [],
    ttlSecondsAfterFinished: options.ttlSecondsAfterFinished ?? 300,
    maxManifestPayloadBytes: options.maxManifestPayloadBytes ?? 1024 * 1024,
    inlineInputsLimit: options.inlineInputsLimit ?? 64 * 1024,
    pendingTimeoutMs: options.pendingTimeoutMs ?? 0,
  };
}
