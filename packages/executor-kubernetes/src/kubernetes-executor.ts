import type { BatchV1Api, V1Job } from '@kubernetes/client-node';
import { PendingWork, type ExecutionOutcome, type ExecutionRequest, type Executor } from '@twingraph/core';
import { componentFailedError, invalidOutputsError, noOutputsError, OutputCollector, parseOutputsJson } from '@twingraph/core';
import { ERROR_CODES, fromErrorData, isTwinGraphError, TwinGraphError, type ErrorData } from '@twingraph/model';
import { buildJobPlan, JOB_LABEL, type JobPlan } from './job-manifest.js';
import { NamespaceWatchHub } from './namespace-watch-hub.js';
import { superviseJob, type ContainerEnd } from './job-supervisor.js';
import { loadCluster, type LoadedCluster } from './kubernetes-connection.js';
import { clusterUnreachable, describe, jobInvalid, jobRejected, namespaceMissing, outOfMemory } from './kubernetes-errors.js';
import { resolveKubernetesExecutorOptions, type KubernetesExecutorOptions, type ResolvedKubernetesExecutorOptions } from './kubernetes-executor-options.js';
import { FILE_OUTPUTS_MARKER } from './pod-bootstrap.js';

/**
 * Runs each attempt of a component as a Kubernetes Job (platform `'kubernetes'`): one Job per attempt,
 * named from the execution id, with backoffLimit 0 (the engine owns retries), the timeout as
 * activeDeadlineSeconds, and the component runtime protocol over environment variables and the Pod log.
 * The Job and its Pod are watched (never polled), the log streams line by line while the Pod runs, and
 * the Job is deleted after every attempt — success, failure, timeout and cancel — with
 * ttlSecondsAfterFinished as a safety net. The client library loads on first use.
 */
export class KubernetesExecutor implements Executor {
  readonly platform = 'kubernetes' as const;
  readonly options: ResolvedKubernetesExecutorOptions;
  private cluster: Promise<LoadedCluster> | undefined;
  private hub: NamespaceWatchHub | undefined;
  /** Attempts still running or still deleting their Job (the engine stops waiting on timeout/cancel; close() does not). */
  private readonly inFlight = new PendingWork();

  constructor(options: KubernetesExecutorOptions = {}) {
    this.options = resolveKubernetesExecutorOptions(options);
  }

  execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const attempt = this.attempt(request);
    this.inFlight.track(attempt);
    return attempt;
  }

  /** Resolves when the API server answers, the credentials are accepted and the default namespace exists. */
  async healthCheck(): Promise<void> {
    const cluster = await this.connect();
    const namespace = this.options.namespace ?? cluster.namespace;
    try {
      await cluster.kc.makeApiClient(cluster.k8s.CoreV1Api).readNamespace({ name: namespace });
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) throw namespaceMissing('(health check)', namespace);
      // Reading a Namespace needs a ClusterRole the executor does not otherwise need: no permission is fine here.
      if (status !== 403) throw this.translate(error, cluster, undefined, namespace);
    }
    try {
      // What the executor needs: Jobs in the namespace (a list there answers even when the namespace is missing).
      await cluster.kc.makeApiClient(cluster.k8s.BatchV1Api).listNamespacedJob({ namespace, limit: 1 });
    } catch (error) {
      throw this.translate(error, cluster, undefined, namespace);
    }
  }

  /** Waits until every attempt has deleted its Job, then stops the shared watches. */
  async close(): Promise<void> {
    await this.inFlight.settled();
    this.hub?.close();
    this.hub = undefined;
  }

  private connect(): Promise<LoadedCluster> {
    this.cluster ??= loadCluster(this.options.connection);
    this.cluster.catch(() => (this.cluster = undefined));
    return this.cluster;
  }

  private async attempt(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const started = performance.now();
    const component = request.component.name;
    const cluster = await this.connect();
    const plan = await buildJobPlan(request, this.options, cluster.namespace);
    if (request.signal.aborted) throw request.signal.reason;
    const batch = cluster.kc.makeApiClient(cluster.k8s.BatchV1Api);
    const collector = new OutputCollector((stream, line) => request.log(stream, line), { jsonStdout: plan.jsonStdout });
    let fileOutputs: string | undefined;
    let heldBlank = false;
    const onLine = (line: string): void => {
      // The bootstrap prints a blank line before its outputs-file line (in case the last log line had no newline).
      if (heldBlank) {
        heldBlank = false;
        if (!line.startsWith(FILE_OUTPUTS_MARKER)) collector.onLine('stdout', '');
      }
      if (line === '') {
        heldBlank = true;
        return;
      }
      if (line.startsWith(FILE_OUTPUTS_MARKER)) fileOutputs = line.slice(FILE_OUTPUTS_MARKER.length);
      else collector.onLine('stdout', line);
    };
    let created = false;
    this.hub ??= new NamespaceWatchHub(cluster, JOB_LABEL);
    const supervision = superviseJob(cluster, this.hub, plan, request, onLine, this.options.pendingTimeoutMs);
    try {
      let uid: string | undefined;
      try {
        uid = await this.create(batch, plan, cluster, component);
      } catch (error) {
        supervision.abandon();
        throw error;
      }
      created = true;
      supervision.created(uid);
      request.log('system', `kubernetes: created Job ${plan.namespace}/${plan.name} (image ${plan.image})`);
      const end = await supervision.result;
      if (heldBlank) collector.onLine('stdout', '');
      const outputs = this.outputs(plan, end, collector, fileOutputs, component);
      return {
        outputs,
        metadata: {
          namespace: plan.namespace,
          jobName: plan.name,
          podName: end.pod,
          ...(end.node === undefined ? {} : { nodeName: end.node }),
          exitCode: end.exitCode,
          durationMs: Math.round(performance.now() - started),
        },
      };
    } catch (error) {
      throw this.translate(error, cluster, component, plan.namespace);
    } finally {
      if (created) {
        // A failed delete must not hide the attempt's own result; ttlSecondsAfterFinished removes the Job later.
        await this.deleteJob(batch, plan).catch((error: unknown) =>
          request.log('system', `kubernetes: could not delete Job ${plan.namespace}/${plan.name} (Kubernetes removes it ${plan.job.spec?.ttlSecondsAfterFinished ?? 300} s after it finishes): ${describe(error)}`),
        );
      }
    }
  }

  /** Creates the Job and returns its uid. */
  private async create(batch: BatchV1Api, plan: JobPlan, cluster: LoadedCluster, component: string): Promise<string> {
    let job: V1Job;
    try {
      job = await batch.createNamespacedJob({ namespace: plan.namespace, body: plan.job });
    } catch (error) {
      // A Job of this name left behind by an earlier process (crash before its delete): replace it.
      if (statusOf(error) !== 409) throw this.translate(error, cluster, component, plan.namespace);
      await this.deleteJob(batch, plan);
      job = await this.createAfterDelete(batch, plan, cluster, component);
    }
    return job.metadata?.uid ?? '';
  }

  private outputs(plan: JobPlan, end: ContainerEnd, collector: OutputCollector, fileOutputs: string | undefined, component: string): Record<string, unknown> {
    const collected = collector.result;
    if (collected.error !== undefined) throw harnessError(collected.error);
    if (end.reason === 'OOMKilled') throw outOfMemory(component, plan.memoryLimit, collector.tail);
    if (end.exitCode !== 0) {
      collector.release();
      throw componentFailedError(component, { exitCode: end.exitCode, signal: null, logTail: collector.tail });
    }
    const parse = (source: string, text: string): Record<string, unknown> => {
      const parsed = parseOutputsJson(text);
      if (!parsed.ok) throw invalidOutputsError(component, source, parsed.problem, text);
      return parsed.value;
    };
    if (collected.marker !== undefined) {
      collector.release();
      return parse('marker line', collected.marker);
    }
    if (fileOutputs !== undefined) {
      collector.release();
      return parse('outputs.json', fileOutputs);
    }
    if (collected.jsonLine !== undefined) return collected.jsonLine.value;
    if (collected.badJsonLine !== undefined) throw invalidOutputsError(component, 'last JSON line of stdout', collected.badJsonLine.problem, collected.badJsonLine.text);
    throw noOutputsError(component);
  }

  /** The deleted Job may linger a moment (finalizers): retry the create for up to 10 s. */
  private async createAfterDelete(batch: BatchV1Api, plan: JobPlan, cluster: LoadedCluster, component: string): Promise<V1Job> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await batch.createNamespacedJob({ namespace: plan.namespace, body: plan.job });
      } catch (error) {
        if (statusOf(error) !== 409 || attempt >= 20) throw this.translate(error, cluster, component, plan.namespace);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /** Background propagation: the Job goes now, its Pod right after (the container is killed). */
  private async deleteJob(batch: BatchV1Api, plan: JobPlan): Promise<void> {
    try {
      await batch.deleteNamespacedJob({ name: plan.name, namespace: plan.namespace, propagationPolicy: 'Background', gracePeriodSeconds: 0 });
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  private translate(error: unknown, cluster: LoadedCluster, component: string | undefined, namespace: string): unknown {
    if (isTwinGraphError(error)) return error;
    const status = statusOf(error);
    const body = statusBody(error);
    const who = component ?? '(health check)';
    if (status === 422) return jobInvalid(who, body?.message ?? String(error), body?.details?.causes ?? []);
    if (status === 401 || status === 403) return jobRejected(who, namespace, status, body?.message ?? 'forbidden', body?.reason);
    if (status === 404 && /namespaces? "?[^"\s]*"? not found/i.test(body?.message ?? '')) return namespaceMissing(who, namespace);
    if (status === undefined && isConnectionError(error)) return clusterUnreachable(cluster.server, error, component);
    return error;
  }
}

interface StatusBody {
  message?: string;
  reason?: string;
  details?: { causes?: { field?: string; message?: string }[] };
}

/** HTTP status of a client error: ApiException (`code`) or a watch/log failure (`statusCode`). */
export function statusOf(error: unknown): number | undefined {
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'number') return code;
  if (typeof statusCode === 'number') return statusCode;
  return undefined;
}

/** The API server's Status object carried by an ApiException (body as text or object). */
export function statusBody(error: unknown): StatusBody | undefined {
  const body = (error as { body?: unknown } | null)?.body;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return { message: body };
    }
  }
  return typeof body === 'object' && body !== null ? body : undefined;
}

function isConnectionError(error: unknown): boolean {
  const { code, type, errno } = (error ?? {}) as { code?: unknown; type?: unknown; errno?: unknown };
  return type === 'system' || ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN'].includes(String(code ?? errno));
}

function harnessError(text: string): TwinGraphError {
  try {
    return fromErrorData(JSON.parse(text) as ErrorData);
  } catch (error) {
    return new TwinGraphError(ERROR_CODES.INTERNAL, `A TwinGraph harness reported an unreadable error: ${text.slice(0, 200)}`, { cause: error });
  }
}
