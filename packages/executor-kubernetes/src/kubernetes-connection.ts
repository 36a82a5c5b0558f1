import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type * as K8s from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { clusterNotConfigured, describe } from './kubernetes-errors.js';
import type { KubernetesConnection } from './kubernetes-executor-options.js';

export interface LoadedCluster {
  kc: KubeConfig;
  /** API server URL, for messages. */
  server: string;
  /** The context's namespace, else 'default'. */
  namespace: string;
  /** The client module, loaded once. */
  k8s: typeof K8s;
}

/**
 * Loads the cluster configuration: in-cluster service account, an explicit kubeconfig file, or the
 * client's default loading (KUBECONFIG, ~/.kube/config) — and refuses, with a clear error, to fall back
 * to the client's silent `http://localhost:8080` default when there is no configuration at all.
 */
export async function loadCluster(connection: KubernetesConnection): Promise<LoadedCluster> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  try {
    if (connection.inCluster === true) {
      if (!existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) throw new Error('this process is not in a Pod with a service account token (/var/run/secrets/kubernetes.io/serviceaccount/token)');
      kc.loadFromCluster();
    } else if (connection.kubeconfigPath !== undefined) {
      if (!existsSync(connection.kubeconfigPath)) throw new Error(`kubeconfig file '${connection.kubeconfigPath}' does not exist`);
      kc.loadFromFile(connection.kubeconfigPath);
    } else if ((process.env['KUBECONFIG'] ?? '') !== '' || existsSync(join(homedir(), '.kube', 'config'))) {
      kc.loadFromDefault();
    } else if ((process.env['KUBERNETES_SERVICE_HOST'] ?? '') !== '') {
      kc.loadFromCluster();
    } else {
      throw new Error('no kubeconfig (KUBECONFIG, ~/.kube/config) and not running in a cluster');
    }
  } catch (error) {
    throw clusterNotConfigured(describe(error), error);
  }
  if (connection.context !== undefined) {
    if (kc.getContextObject(connection.context) === null) {
      const known = kc.getContexts().map((c) => c.name);
      throw clusterNotConfigured(`context '${connection.context}' is not in the kubeconfig (it has: ${known.length === 0 ? 'none' : known.join(', ')})`);
    }
    kc.setCurrentContext(connection.context);
  }
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw clusterNotConfigured(`the kubeconfig's current context '${kc.getCurrentContext()}' names no cluster`);
  const namespace = kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default';
  return { kc, server: cluster.server, namespace, k8s };
}
