import { ERROR_CODES, TwinGraphError } from '@twingraph/model';

// Errors the KubernetesExecutor raises on purpose. Each names the component, the platform and what to do;
// details.reason carries the Kubernetes reason (ErrImagePull, OOMKilled, Evicted, DeadlineExceeded, …).

const platform = 'kubernetes';

/** An option of a kubernetes component (spec or platformOptions) is invalid. */
export function invalidKubernetesOption(component: string, option: string, problem: string, hint: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `Kubernetes component '${component}': ${option} ${problem}`, {
    hint,
    details: { component, platform, option },
    nonRetryable: true,
  });
}

/** No kubeconfig, unreadable kubeconfig, unknown context, or not in a cluster. */
export function clusterNotConfigured(problem: string, cause?: unknown): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.EXECUTOR_NOT_CONFIGURED, `Kubernetes is not configured: ${problem}`, {
    hint:
      'Point TwinGraph at a cluster: TWINGRAPH_KUBECONFIG or KUBECONFIG (a kubeconfig file) and optionally TWINGRAPH_KUBERNETES_CONTEXT; ' +
      'inside a Pod the service account is used. For a local try-out: `bash packages/executor-kubernetes/scripts/stand-in.sh start`.',
    details: { platform },
    category: 'operational',
    nonRetryable: true,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The API server does not answer. */
export function clusterUnreachable(server: string, cause: unknown, component?: string): TwinGraphError {
  const who = component === undefined ? '' : ` to run component '${component}'`;
  return new TwinGraphError(ERROR_CODES.EXECUTOR_NOT_CONFIGURED, `Cannot reach the Kubernetes API server at ${server}${who}: ${describe(cause)}`, {
    hint: 'Check the cluster is up and the kubeconfig context points at it (`kubectl --context <ctx> get ns`); behind a VPN or proxy, connect it first.',
    details: { platform, server, ...(component === undefined ? {} : { component }) },
    category: 'operational',
    cause,
  });
}

/** 401 / 403 on create or watch: credentials, RBAC, or an admission webhook / quota saying no. */
export function jobRejected(component: string, namespace: string, status: number, message: string, reason: string | undefined): TwinGraphError {
  const quota = /exceeded quota|quota/i.test(message);
  const rbac = /cannot (create|get|list|watch|delete)|User ".*" cannot/i.test(message);
  const hint =
    status === 401
      ? 'The cluster did not accept the credentials: refresh them (e.g. `aws eks update-kubeconfig`, `gcloud container clusters get-credentials`) or fix the kubeconfig user.'
      : rbac
        ? `Grant the TwinGraph identity create/get/list/watch/delete on jobs (batch) and get/list/watch on pods and pods/log in namespace '${namespace}' (a Role + RoleBinding; see docs/platforms.md).`
        : quota
          ? `The namespace's ResourceQuota is used up: wait for running work to finish, lower the component's resources, or raise the quota of '${namespace}'.`
          : `An admission policy of the cluster refused the Job: change the component's options (labels, resources, image, service account) to satisfy it, or ask the cluster admins.`;
  return new TwinGraphError(ERROR_CODES.EXECUTOR_NOT_CONFIGURED, `Kubernetes refused the Job of component '${component}' in namespace '${namespace}' (HTTP ${status}${reason === undefined ? '' : ` ${reason}`}): ${message}`, {
    hint,
    details: { component, platform, namespace, httpStatus: status, reason: status === 401 ? 'Unauthorized' : quota ? 'QuotaExceeded' : rbac ? 'Forbidden' : 'AdmissionRejected', ...(reason === undefined ? {} : { apiReason: reason }) },
    category: 'operational',
    // A full quota frees up; RBAC and policy do not change by retrying.
    nonRetryable: !quota,
  });
}

/** 422: the API server found the manifest invalid (a value TwinGraph passed on from the component). */
export function jobInvalid(component: string, message: string, causes: readonly { field?: string; message?: string }[]): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `Kubernetes rejected the Job of component '${component}' as invalid: ${message}`, {
    hint: "Fix the component's kubernetes options named in the message (platformOptions, resources, env names, image).",
    details: { component, platform, reason: 'Invalid', causes: causes.map((c) => ({ field: c.field ?? null, message: c.message ?? null })) },
    nonRetryable: true,
  });
}

/** 404 on create: the namespace does not exist. */
export function namespaceMissing(component: string, namespace: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.NOT_FOUND, `Kubernetes namespace '${namespace}' does not exist (component '${component}')`, {
    hint: `Create it (\`kubectl create namespace ${namespace}\`) or set platformOptions.namespace / TWINGRAPH_KUBERNETES_NAMESPACE to an existing one.`,
    details: { component, platform, namespace, reason: 'NamespaceNotFound' },
    nonRetryable: true,
  });
}

/** The kubelet cannot get the image. */
export function imagePullFailed(component: string, image: string, reason: string, message: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.NOT_FOUND, `Kubernetes could not pull image '${image}' for component '${component}' (${reason}): ${message}`, {
    hint:
      reason === 'ErrImageNeverPull'
        ? `imagePullPolicy is Never and the node does not have '${image}': load it on the nodes (kind load / minikube image load) or use pullPolicy 'IfNotPresent'.`
        : `Check the image name and tag exist in the registry, push it if you built it locally, and give private registries an imagePullSecrets entry (platformOptions.imagePullSecrets).`,
    details: { component, platform, image, reason },
    nonRetryable: true,
  });
}

/** The kubelet cannot build the container config (missing secret or key, bad env reference). */
export function containerConfigFailed(component: string, reason: string, message: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `Kubernetes could not start component '${component}' (${reason}): ${message}`, {
    hint: 'Create the secret / key the component refers to (platformOptions.secretEnv) in the Job\'s namespace, or fix the reference.',
    details: { component, platform, reason },
    nonRetryable: true,
  });
}

/** The container went over its memory limit. */
export function outOfMemory(component: string, memory: string | undefined, logTail: readonly string[]): TwinGraphError {
  const limit = memory === undefined ? 'its memory limit' : `its memory limit of ${memory}`;
  return new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `Kubernetes component '${component}' was killed for running out of memory (OOMKilled: more than ${limit})`, {
    hint: "Give it more memory (resources.memory, e.g. '1Gi'), or make it use less.",
    details: { component, platform, reason: 'OOMKilled', oomKilled: true, memoryLimit: memory ?? null, logTail: [...logTail] },
  });
}

/** The kubelet evicted the Pod (node pressure) or the node went away: worth another attempt. */
export function evicted(component: string, message: string, logTail: readonly string[]): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `Kubernetes evicted the Pod of component '${component}': ${message}`, {
    hint: 'The node ran short of memory or disk, or was drained. Set retry.maxAttempts to run it again elsewhere, and give it resource requests so the scheduler places it where it fits.',
    details: { component, platform, reason: 'Evicted', logTail: [...logTail] },
    category: 'operational',
  });
}

/** activeDeadlineSeconds passed: the Job controller stopped the Pod. */
export function deadlineExceeded(component: string, seconds: number | undefined, message: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.TIMEOUT, `Kubernetes stopped component '${component}' at its deadline${seconds === undefined ? '' : ` of ${seconds} s`} (DeadlineExceeded): ${message}`, {
    hint: 'Raise the component\'s timeoutMs (it becomes the Job\'s activeDeadlineSeconds), or make it faster.',
    details: { component, platform, reason: 'DeadlineExceeded', activeDeadlineSeconds: seconds ?? null },
  });
}

/** The Pod stayed Pending (unschedulable, pulling) past pendingTimeoutMs. */
export function stuckPending(component: string, ms: number, why: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.TIMEOUT, `Kubernetes did not start component '${component}' within ${ms} ms: ${why}`, {
    hint: 'Check the cluster has room for its resources and nodes matching its nodeSelector/tolerations (`kubectl describe pod`), or raise pendingTimeoutMs.',
    details: { component, platform, reason: 'Pending' },
    category: 'operational',
  });
}

/** The Job failed without its Pod reporting an end: the Pod was deleted (API eviction, preemption, node lost). */
export function podLost(component: string, reason: string, message: string, pod: string | undefined): TwinGraphError {
  const what = pod === undefined ? 'its Pod never reported an end' : `its Pod ${pod} was deleted before it finished (API eviction, preemption, drain or a lost node)`;
  return new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `Kubernetes failed the Job of component '${component}' (${reason}): ${what}${message === '' ? '' : `: ${message}`}`, {
    hint: 'Set retry.maxAttempts to run it again; check `kubectl get events` for who removed the Pod (PodDisruptionBudgets protect long work from voluntary evictions).',
    details: { component, platform, reason: 'PodDeleted', jobReason: reason, pod: pod ?? null },
    category: 'operational',
  });
}

/** Someone (or namespace deletion) removed the Job while it ran. */
export function jobVanished(component: string, namespace: string, job: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `The Job ${namespace}/${job} of component '${component}' was deleted while it ran (by someone else, or its namespace went away)`, {
    hint: 'Leave Jobs labelled app.kubernetes.io/managed-by=twingraph to TwinGraph (cleanup scripts, TTL controllers with short TTLs); set retry.maxAttempts to run it again.',
    details: { component, platform, namespace, job, reason: 'JobDeleted' },
    category: 'operational',
  });
}

/** The inputs, code and harness together are too big to travel in the Job manifest. */
export function payloadTooLarge(component: string, bytes: number, limit: number): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `Kubernetes component '${component}': its inputs and code are ${bytes} bytes, more than the ${limit} bytes a Job manifest may carry`, {
    hint: 'Pass large data by reference (a URL or object-store key the component fetches), or lower TWINGRAPH_LARGE_VALUE_BYTES so the engine stores big values as blobs.',
    details: { component, platform, bytes, limit },
    nonRetryable: true,
  });
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.message;
  return String(error);
}
