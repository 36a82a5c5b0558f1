import type { Language, Platform, Resources } from '@twingraph/model';

/** What a component does when it runs in this process: a TS/JS function or async generator. */
export type ComponentFunction = (inputs: never, context: ComponentContext) => unknown;

/** Handed to a component's function while it runs. */
export interface ComponentContext {
  readonly runId: string;
  readonly executionId: string;
  readonly name: string;
  /** 1-based. */
  readonly attempt: number;
  /** Aborted on timeout and cancellation: long work should check it or pass it on (fetch, child processes). */
  readonly signal: AbortSignal;
  /** The component's `env` with `${secret:NAME}` references resolved (in-process functions get no process env of their own). */
  readonly env: Readonly<Record<string, string>>;
  /** Writes a log line attached to this execution. */
  log(message: string): void;
}

/** Everything an executor needs to run one component, on any platform. */
export interface ComponentSpec {
  name: string;
  platform: Platform;
  /** Hash of the implementation (function source, code, or image + command). */
  codeHash: string;
  image?: string;
  /** In-process implementation (SDK components). */
  fn?: ComponentFunction;
  /** Source code in a supported language (document components). */
  language?: Language;
  code?: string;
  /** Container command for plain container components. */
  command?: string[];
  env?: Record<string, string>;
  resources?: Resources;
  platformOptions?: Record<string, unknown>;
  /** True when the implementation yields items (async generator). */
  streaming?: boolean;
}

export interface ExecutionRequest {
  runId: string;
  executionId: string;
  /** 1-based. */
  attempt: number;
  component: ComponentSpec;
  inputs: Record<string, unknown>;
  /** Aborted on timeout or cancel: the executor must stop the work itself (process, container, job). */
  signal: AbortSignal;
  timeoutMs?: number;
  log(stream: 'stdout' | 'stderr' | 'system', line: string): void;
  /** Streaming components: called once per item, in order. */
  emitItem?(item: unknown): void;
}

export interface ExecutionOutcome {
  outputs: Record<string, unknown>;
  /** Facts learned while running (image digest, exit code, node name) recorded on the vertex. */
  metadata?: Record<string, unknown>;
}

/**
 * Runs components on one platform. Implementations: LocalExecutor (core), DockerExecutor,
 * KubernetesExecutor, LambdaExecutor, BatchExecutor. The engine owns retries, timeouts and records;
 * an executor runs one attempt and reports outputs or throws.
 */
export interface Executor {
  readonly platform: Platform;
  /**
   * True when the work runs in another process that resolves `${secret:NAME}` itself (queue workers):
   * the engine then sends the references, not the values, so no secret value travels through the queue.
   * @defaultValue false: the engine resolves them before `execute`
   */
  readonly forwardsSecretReferences?: boolean;
  execute(request: ExecutionRequest): Promise<ExecutionOutcome>;
  /** Checks the platform is reachable (daemon, cluster, credentials). */
  healthCheck?(): Promise<void>;
  close?(): Promise<void>;
}
