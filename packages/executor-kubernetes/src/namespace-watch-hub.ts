import type { V1Job, V1Pod } from '@kubernetes/client-node';
import type { LoadedCluster } from './kubernetes-connection.js';
import { watchResource, type WatchEventType } from './resource-watch.js';

/** What one attempt hears about its Job and its Pod. */
export interface JobListener {
  job(type: WatchEventType, job: V1Job): void;
  pod(type: WatchEventType, pod: V1Pod): void;
  /** The shared watch failed for good (RBAC, unreachable cluster). */
  error(error: unknown): void;
}

/** Label every Job and Pod of TwinGraph carries; the shared watches select on it. */
export const MANAGED_BY = 'app.kubernetes.io/managed-by=twingraph';
const LINGER_MS = 5000;

/**
 * One Pod watch and one Job watch per namespace, shared by every attempt running there, instead of two
 * watches per attempt: 250 parallel Jobs cost the API server two watches, not 500. Events go to the
 * attempt whose Job they concern (`twingraph.io/job` label on Pods, the name on Jobs). The watches
 * start with the first attempt in a namespace and stop a few seconds after the last one ends.
 */
export class NamespaceWatchHub {
  private readonly watches = new Map<string, NamespaceWatch>();

  constructor(
    private readonly cluster: LoadedCluster,
    private readonly jobLabel: string,
  ) {}

  /** Starts delivering events of `job` in `namespace` to `listener`; call the result to stop. */
  subscribe(namespace: string, job: string, listener: JobListener): () => void {
    let watch = this.watches.get(namespace);
    if (watch === undefined || watch.stopped) {
      watch = new NamespaceWatch(this.cluster, namespace, this.jobLabel, () => this.watches.delete(namespace));
      this.watches.set(namespace, watch);
    }
    return watch.add(job, listener);
  }

  /** Stops every watch now. */
  close(): void {
    for (const watch of this.watches.values()) watch.stop();
    this.watches.clear();
  }
}

class NamespaceWatch {
  private readonly listeners = new Map<string, JobListener>();
  private readonly controller = new AbortController();
  private linger: NodeJS.Timeout | undefined;
  stopped = false;

  constructor(
    cluster: LoadedCluster,
    namespace: string,
    jobLabel: string,
    private readonly onStop: () => void,
  ) {
    const { signal } = this.controller;
    const failed = (error: unknown): void => {
      if (this.stopped) return;
      for (const listener of this.listeners.values()) listener.error(error);
      this.stop();
    };
    watchResource<V1Pod>(cluster.kc, cluster.k8s, `/api/v1/namespaces/${namespace}/pods`, { labelSelector: MANAGED_BY }, (type, pod) => {
      const job = pod.metadata?.labels?.[jobLabel];
      if (job !== undefined) this.listeners.get(job)?.pod(type, pod);
    }, signal).catch(failed);
    watchResource<V1Job>(cluster.kc, cluster.k8s, `/apis/batch/v1/namespaces/${namespace}/jobs`, { labelSelector: MANAGED_BY }, (type, job) => {
      const name = job.metadata?.name;
      if (name !== undefined) this.listeners.get(name)?.job(type, job);
    }, signal).catch(failed);
  }

  add(job: string, listener: JobListener): () => void {
    clearTimeout(this.linger);
    this.listeners.set(job, listener);
    return () => {
      if (this.listeners.get(job) !== listener) return;
      this.listeners.delete(job);
      if (this.listeners.size > 0 || this.stopped) return;
      // Sequential attempts reuse the watches instead of re-opening them each time.
      this.linger = setTimeout(() => {
        if (this.listeners.size === 0) this.stop();
      }, LINGER_MS);
      this.linger.unref();
    };
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.linger);
    this.controller.abort();
    this.onStop();
  }
}
