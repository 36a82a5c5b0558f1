import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { KubernetesExecutor } from '@twingraph/executor-kubernetes';

/**
 * The Kubernetes executor the default wiring registers, from the environment:
 * - `TWINGRAPH_KUBERNETES=off`: none (kubernetes components then fail with ERR_EXECUTOR_NOT_CONFIGURED);
 * - otherwise always: the cluster is found when the first kubernetes component runs, from
 *   `TWINGRAPH_KUBECONFIG` (a kubeconfig file), else `KUBECONFIG` / ~/.kube/config, else the Pod's
 *   service account; `TWINGRAPH_KUBERNETES_CONTEXT` picks a context and `TWINGRAPH_KUBERNETES_NAMESPACE`
 *   the default namespace (else the context's, else 'default').
 * Nothing is contacted or loaded here, so start-up costs nothing whether a cluster is there or not; with
 * no configuration, a kubernetes component fails with a message naming these variables.
 */
export function kubernetesExecutorFromEnv(env: NodeJS.ProcessEnv = process.env): KubernetesExecutor | undefined {
  const mode = (env['TWINGRAPH_KUBERNETES'] ?? 'on').trim().toLowerCase();
  if (!['on', 'off', 'auto', ''].includes(mode)) {
    throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `TWINGRAPH_KUBERNETES must be on or off, got '${env['TWINGRAPH_KUBERNETES']}'`, {
      hint: 'Unset it (kubernetes components use TWINGRAPH_KUBECONFIG / KUBECONFIG / the in-cluster service account), or set off.',
      nonRetryable: true,
    });
  }
  if (mode === 'off') return undefined;
  const kubeconfigPath = nonEmpty(env['TWINGRAPH_KUBECONFIG']);
  const context = nonEmpty(env['TWINGRAPH_KUBERNETES_CONTEXT']);
  const namespace = nonEmpty(env['TWINGRAPH_KUBERNETES_NAMESPACE']);
  if (namespace !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) {
    throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `TWINGRAPH_KUBERNETES_NAMESPACE must be a Kubernetes namespace name, got '${namespace}'`, {
      hint: 'Lower-case letters, digits and -, starting and ending with a letter or digit (e.g. twingraph-jobs).',
      nonRetryable: true,
    });
  }
  return new KubernetesExecutor({
    connection: { ...(kubeconfigPath === undefined ? {} : { kubeconfigPath }), ...(context === undefined ? {} : { context }) },
    ...(namespace === undefined ? {} : { namespace }),
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
}
