import { writeFileSync } from 'node:fs';

export const STAND_IN_CONTEXT = 'twingraph-stand-in';

export interface StandInKubeconfig {
  /** The kubeconfig as an object (what KubeConfig.loadFromOptions takes). */
  object: Record<string, unknown>;
  /** The same as YAML, for a file kubectl and the client read. */
  yaml: string;
  /** Writes the YAML to `path` (mode 0600: it holds the token). */
  write(path: string): void;
}

/** A kubeconfig for the stand-in: plain HTTP, so the client needs insecure-skip-tls-verify to accept it. */
export function kubeconfigFor(url: string, token: string, namespace = 'default'): StandInKubeconfig {
  const object = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: STAND_IN_CONTEXT, cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: STAND_IN_CONTEXT, user: { token } }],
    contexts: [{ name: STAND_IN_CONTEXT, context: { cluster: STAND_IN_CONTEXT, user: STAND_IN_CONTEXT, namespace } }],
    'current-context': STAND_IN_CONTEXT,
  };
  const yaml = `\
# Written by the TwinGraph Kubernetes stand-in (a local test double of the API, not a cluster).
apiVersion: v1
kind: Config
clusters:
  - name: ${STAND_IN_CONTEXT}
    cluster:
      server: ${url}
      insecure-skip-tls-verify: true
users:
  - name: ${STAND_IN_CONTEXT}
    user:
      token: ${token}
contexts:
  - name: ${STAND_IN_CONTEXT}
    context:
      cluster: ${STAND_IN_CONTEXT}
      user: ${STAND_IN_CONTEXT}
      namespace: ${namespace}
current-context: ${STAND_IN_CONTEXT}
`;
  return { object, yaml, write: (path) => writeFileSync(path, yaml, { mode: 0o600 }) };
}
