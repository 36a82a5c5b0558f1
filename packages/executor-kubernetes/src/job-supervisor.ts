import type { V1Job, V1Pod } from '@kubernetes/client-node';
import type { ExecutionRequest } from '@twingraph/core';
import { containerConfigFailed, deadlineExceeded, evicted, imagePullFailed, jobVanished, podLost, stuckPending } from './kubernetes-errors.js';
import type { LoadedCluster } from './kubernetes-connection.js';
import { CONTAINER_NAME, type JobPlan } from './job-manifest.js';
import { followPodLog } from './pod-log-follower.js';
import type { NamespaceWatchHub } from './namespace-watch-hub.js';

/** How the component's container ended. */
export interface ContainerEnd {
  pod: string;
  node: string | undefined;
  exitCode: number;
  reason: string | undefined;
  message: string | undefined;
}

const IMAGE_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);
const CONFIG_REASONS = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

/**
 * Follows one Job to its end through the namespace's shared Job and Pod watches, and the Pod's log,
 * streamed line by line into `onLine` from the moment the container starts. Resolves with the
 * container's end once its log is fully read; rejects with a TwinGraphError for what Kubernetes
 * reports instead of an exit (image pull, container config, eviction, deadline, stuck pending).
 */
export interface Supervision {
  /** The Job was created with this uid: events of other Jobs of the same name (a stale one being deleted) are ignored. */
  created(uid: string): void;
  /** Creating the Job failed: stop listening. */
  abandon(): void;
  result: Promise<ContainerEnd>;
}

/**
 * Call before creating the Job: it subscribes to the namespace's watches first, so no event of the new
 * Job is missed (a watch event can arrive before the create response does); events wait until
 * `created(uid)` says which Job is ours.
 */
export function superviseJob(cluster: LoadedCluster, hub: NamespaceWatchHub, plan: JobPlan, request: ExecutionRequest, onLine: (line: string) => void, pendingTimeoutMs: number): Supervision {
  const component = request.component.name;
  const stop = new AbortController();
  let settled = false;
  let resolveEnded!: () => void;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  let end: ContainerEnd | undefined;
  let logging: Promise<void> | undefined;
  let unschedulableSaid = false;
  let uid: string | undefined;
  const early: (() => void)[] = [];
  let abandon!: () => void;
  let created!: (value: string) => void;

  const result = new Promise<ContainerEnd>((resolve, reject) => {
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      stop.abort();
      reject(error);
    };
    const succeed = (value: ContainerEnd): void => {
      if (settled) return;
      settled = true;
      stop.abort();
      resolve(value);
    };
    let pendingTimer: NodeJS.Timeout | undefined;
    let failedTimer: NodeJS.Timeout | undefined;
    let podGone: string | undefined;
    stop.signal.addEventListener('abort', () => {
      clearTimeout(pendingTimer);
      clearTimeout(failedTimer);
    }, { once: true });
    abandon = () => {
      settled = true;
      stop.abort();
      resolve({ pod: '', node: undefined, exitCode: -1, reason: 'Abandoned', message: undefined });
    };
    created = (value: string) => {
      uid = value;
      if (pendingTimeoutMs > 0) {
        pendingTimer = setTimeout(() => {
          if (logging === undefined) fail(stuckPending(component, pendingTimeoutMs, unschedulableSaid ? 'its Pod cannot be scheduled' : 'its Pod is still pending'));
        }, pendingTimeoutMs);
      }
      for (const replay of early.splice(0)) replay();
    };

    const onPod = (type: string, pod: V1Pod): void => {
      if (uid === undefined) {
        early.push(() => onPod(type, pod));
        return;
      }
      if (settled || pod.metadata?.ownerReferences?.some((o) => o.uid === uid) !== true) return;
      if (type === 'DELETED') {
        podGone = pod.metadata?.name;
        return;
      }
      const podName = pod.metadata?.name ?? '';
      const status = pod.status ?? {};
      const state = status.containerStatuses?.find((c) => c.name === CONTAINER_NAME)?.state;
      const waiting = state?.waiting;
      if (waiting?.reason !== undefined && IMAGE_REASONS.has(waiting.reason)) {
        fail(imagePullFailed(component, plan.image, waiting.reason, waiting.message ?? ''));
        return;
      }
      if (waiting?.reason !== undefined && CONFIG_REASONS.has(waiting.reason)) {
        fail(containerConfigFailed(component, waiting.reason, waiting.message ?? ''));
        return;
      }
      const scheduled = status.conditions?.find((c) => c.type === 'PodScheduled');
      if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable' && !unschedulableSaid) {
        unschedulableSaid = true;
        request.log('system', `kubernetes: Pod ${podName} is unschedulable: ${scheduled.message ?? ''}`);
      }
      if (status.phase === 'Failed' && status.reason === 'Evicted') {
        fail(evicted(component, status.message ?? 'the node ran short of resources', []));
        return;
      }
      const terminated = state?.terminated;
      if (terminated !== undefined && end === undefined) {
        end = { pod: podName, node: pod.spec?.nodeName, exitCode: terminated.exitCode, reason: terminated.reason, message: terminated.message };
        resolveEnded();
      }
      if ((state?.running !== undefined || state?.terminated !== undefined) && logging === undefined) {
        request.log('system', `kubernetes: Pod ${podName} started${pod.spec?.nodeName === undefined ? '' : ` on node ${pod.spec.nodeName}`}`);
        logging = followPodLog(cluster.kc, cluster.k8s, { namespace: plan.namespace, pod: podName, container: CONTAINER_NAME }, onLine, { done: () => end !== undefined, ended }, stop.signal);
        logging.then(
          () => {
            if (end !== undefined) succeed(end);
          },
          (error: unknown) => fail(error),
        );
      }
    };

    const onJob = (type: string, job: V1Job): void => {
      if (uid === undefined) {
        early.push(() => onJob(type, job));
        return;
      }
      if (settled || job.metadata?.uid !== uid) return;
      if (type === 'DELETED') {
        fail(jobVanished(component, plan.namespace, plan.name));
        return;
      }
      const failed = job.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
      if (failed?.reason === 'DeadlineExceeded') fail(deadlineExceeded(component, plan.activeDeadlineSeconds, failed.message ?? 'Job was active longer than specified deadline'));
      else if (failed !== undefined && end === undefined && failedTimer === undefined) {
        // Usually the Pod's own end explains the failure and arrives with it; when it never does (the Pod was
        // deleted: API eviction, preemption, node lost), the Job's condition is all there is.
        failedTimer = setTimeout(() => {
          if (end === undefined) fail(podLost(component, failed.reason ?? 'Failed', failed.message ?? '', podGone));
        }, 2000);
      }
    };

    const unsubscribe = hub.subscribe(plan.namespace, plan.name, { pod: onPod, job: onJob, error: fail });
    stop.signal.addEventListener('abort', unsubscribe, { once: true });
    const onAbort = (): void => fail(request.signal.reason);
    request.signal.addEventListener('abort', onAbort, { once: true });
    stop.signal.addEventListener('abort', () => request.signal.removeEventListener('abort', onAbort), { once: true });
    if (request.signal.aborted) fail(request.signal.reason);
  });
  result.catch(() => undefined);
  return { created, abandon, result };
}
