import { randomBytes } from 'node:crypto';
import { ensureImage, killContainer, runContainer, type ContainerRun } from './docker-pod-runner.js';
import type { ContainerJson, ContainerState, JobConditionJson, JobJson, PodJson, SecretJson } from './k8s-json.js';
import type { ObjectStore, StoredObject } from './object-store.js';
import { PodLogBuffer } from './pod-log-buffer.js';
import { unschedulable, type ResolvedNode } from './pretend-node.js';
import { quantityValue } from './quantity-value.js';

const asJob = (o: StoredObject): JobJson => o as unknown as JobJson;
const asPod = (o: StoredObject): PodJson => o as unknown as PodJson;
const stored = (o: JobJson | PodJson): StoredObject => o as unknown as StoredObject;

export interface JobControllerOptions {
  /** Null when Docker answers; else every Pod fails to start with this reason. */
  dockerProblem: string | null;
  /** Docker network of the Pods' containers. */
  network: string;
  /** Label on every container this stand-in starts, so close() can find them. */
  instanceLabel: string;
  node: ResolvedNode;
}

const stamp = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * The stand-in's Job controller and kubelet in one: a Job gets one Pod, the Pod's container really runs
 * on the local Docker Engine (image step per imagePullPolicy, env with secretKeyRef resolved, memory and
 * CPU limits), its output becomes the Pod log, and its end becomes the Pod's and the Job's status —
 * OOMKilled, DeadlineExceeded (activeDeadlineSeconds), Evicted (on request) included. Deleting a Job
 * with Background or Foreground propagation deletes its Pod and kills the container; Orphan (the API
 * default for Jobs) leaves it running, as Kubernetes does.
 */
export class JobController {
  readonly logs = new Map<string, PodLogBuffer>();
  private readonly containers = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout[]>();
  private readonly killed = new Set<string>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly store: ObjectStore,
    private readonly options: JobControllerOptions,
  ) {}

  /** A Job was stored: give it its Pod and start it. */
  jobCreated(job: StoredObject): void {
    const ns = job.metadata.namespace!;
    const name = job.metadata.name;
    const uid = job.metadata.uid!;
    const spec = asJob(job).spec;
    const podName = `${name}-${randomBytes(3).toString('hex').slice(0, 5)}`;
    const template = spec.template;
    const labels = { ...(template.metadata?.labels ?? {}), 'controller-uid': uid, 'batch.kubernetes.io/controller-uid': uid, 'job-name': name, 'batch.kubernetes.io/job-name': name };
    spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
    this.store.update('jobs', ns, name, (j) => {
      asJob(j).status = { startTime: stamp(), active: 1, ready: 0 };
    });
    const podSpec = structuredClone(template.spec);
    const noFit = unschedulable(podSpec, this.options.node);
    if (noFit === undefined) podSpec.nodeName = this.options.node.name;
    podSpec.serviceAccountName ??= 'default';
    const container = podSpec.containers[0]!;
    container.imagePullPolicy ??= container.image.endsWith(':latest') || !container.image.includes(':') ? 'Always' : 'IfNotPresent';
    const pod: PodJson = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: podName,
        namespace: ns,
        labels,
        annotations: template.metadata?.annotations ?? {},
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: podSpec,
      status: {
        phase: 'Pending',
        conditions: [
          noFit === undefined
            ? { type: 'PodScheduled', status: 'True', lastTransitionTime: stamp() }
            : { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: noFit, lastTransitionTime: stamp() },
        ],
        containerStatuses: [{ name: container.name, image: container.image, ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }],
      },
    };
    this.store.create('pods', stored(pod));
    const deadline = spec.activeDeadlineSeconds;
    if (deadline !== undefined) this.timer(uid, deadline * 1000, () => this.deadlineExceeded(ns, name, uid));
    // The one node does not fit: the Pod stays Pending (a real scheduler would wait for a node to appear).
    if (noFit !== undefined) return;
    const work = this.runPod(ns, podName, name, container).catch((error: unknown) => {
      this.setWaiting(ns, podName, 'RunContainerError', error instanceof Error ? error.message : String(error));
    });
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /** A Job was deleted: its Pods go too unless orphaned. */
  async jobDeleted(job: StoredObject, propagation: string): Promise<void> {
    for (const timer of this.timers.get(job.metadata.uid!) ?? []) clearTimeout(timer);
    this.timers.delete(job.metadata.uid!);
    if (propagation === 'Orphan') return;
    const pods = this.store.list('pods', job.metadata.namespace, (p) => asPod(p).metadata.ownerReferences?.some((o) => o.uid === job.metadata.uid) === true);
    await Promise.all(pods.map((pod) => this.deletePod(pod.metadata.namespace!, pod.metadata.name)));
  }

  /** Deletes a Pod and kills its container (grace period 0): DELETE, the Eviction API, Job deletion, deadline. */
  async deletePod(ns: string, name: string): Promise<StoredObject | undefined> {
    const key = `${ns}/${name}`;
    this.killed.add(key);
    const container = this.containers.get(key);
    if (container !== undefined) await killContainer(container);
    this.logs.get(key)?.end();
    const pod = this.store.delete('pods', ns, name);
    // The Job controller counts a Pod deleted before it finished as failed (no-op for finished or deleted Jobs).
    if (pod !== undefined) this.finishJob(ns, ownerJob(pod), false, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
    return pod;
  }

  /** Node-pressure eviction as the kubelet does it: container killed, Pod Failed with reason Evicted. */
  async evict(ns: string, name: string, message: string): Promise<boolean> {
    const key = `${ns}/${name}`;
    const pod = this.store.get('pods', ns, name);
    if (pod === undefined) return false;
    this.killed.add(key);
    const container = this.containers.get(key);
    if (container !== undefined) await killContainer(container);
    this.logs.get(key)?.end();
    this.store.update('pods', ns, name, (p) => {
      const status = asPod(p).status;
      status.phase = 'Failed';
      status.reason = 'Evicted';
      status.message = message;
      for (const c of status.containerStatuses) c.state = { terminated: { exitCode: 137, reason: 'Error', finishedAt: stamp() } };
    });
    this.finishJob(ns, ownerJob(pod), false, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
    return true;
  }

  /** Kills every container this stand-in started and waits for the Pod workers to finish. */
  async close(): Promise<void> {
    for (const timers of this.timers.values()) for (const timer of timers) clearTimeout(timer);
    this.timers.clear();
    for (const [key, container] of this.containers) {
      this.killed.add(key);
      await killContainer(container);
    }
    for (const log of this.logs.values()) log.end();
    await Promise.all([...this.running]);
  }

  private async runPod(ns: string, podName: string, jobName: string, container: ContainerJson): Promise<void> {
    const key = `${ns}/${podName}`;
    const env: Record<string, string> = {};
    for (const entry of container.env ?? []) {
      const ref = entry.valueFrom?.secretKeyRef;
      if (ref === undefined) {
        env[entry.name] = entry.value ?? '';
        continue;
      }
      const secret = this.store.get('secrets', ns, ref.name) as unknown as SecretJson | undefined;
      const encoded = secret?.data?.[ref.key];
      if (encoded === undefined) {
        if (ref.optional === true) continue;
        this.setWaiting(ns, podName, 'CreateContainerConfigError', secret === undefined ? `secret "${ref.name}" not found` : `couldn't find key ${ref.key} in Secret ${ns}/${ref.name}`);
        return;
      }
      env[entry.name] = Buffer.from(encoded, 'base64').toString('utf8');
    }
    if (this.options.dockerProblem !== null) {
      this.setWaiting(ns, podName, 'RunContainerError', `the Kubernetes stand-in runs containers on Docker: ${this.options.dockerProblem}; start Docker (bash scripts/services/docker.sh start)`);
      return;
    }
    const image = container.image;
    const pullPolicy = container.imagePullPolicy ?? 'IfNotPresent';
    const pulled = await ensureImage(image, pullPolicy);
    if (this.killed.has(key)) return;
    if (!pulled.ok) {
      this.setWaiting(ns, podName, pulled.reason, pulled.message);
      if (pulled.reason === 'ErrImagePull') this.timer(jobName + ns, 1000, () => this.setWaiting(ns, podName, 'ImagePullBackOff', `Back-off pulling image "${image}"`));
      return;
    }
    const limits = container.resources?.limits ?? {};
    const log = new PodLogBuffer();
    this.logs.set(key, log);
    const dockerName = `twingraph-k8s-${ns}-${podName}`.slice(0, 200);
    this.containers.set(key, dockerName);
    const run: ContainerRun = {
      name: dockerName,
      image,
      pullPolicy,
      command: container.command,
      args: container.args,
      env,
      workingDir: container.workingDir,
      memoryBytes: limits['memory'] === undefined ? undefined : Math.round(quantityValue(limits['memory'])),
      cpus: limits['cpu'] === undefined ? undefined : quantityValue(limits['cpu']),
      labels: { [this.options.instanceLabel]: 'true', 'io.kubernetes.pod.namespace': ns, 'io.kubernetes.pod.name': podName },
      network: this.options.network,
    };
    const startedAt = stamp();
    const exit = await runContainer(run, (line) => log.append(line), () => {
      if (this.killed.has(key)) return;
      this.store.update('pods', ns, podName, (p) => {
        const status = asPod(p).status;
        status.phase = 'Running';
        status.startTime = startedAt;
        status.containerStatuses[0]!.state = { running: { startedAt } };
        status.containerStatuses[0]!.ready = true;
      });
    });
    this.containers.delete(key);
    log.end();
    if (this.killed.has(key)) return;
    const succeeded = exit.exitCode === 0;
    this.store.update('pods', ns, podName, (p) => {
      const status = asPod(p).status;
      status.phase = succeeded ? 'Succeeded' : 'Failed';
      status.containerStatuses[0]!.ready = false;
      status.containerStatuses[0]!.state = { terminated: { exitCode: exit.exitCode, reason: exit.reason, startedAt, finishedAt: stamp(), ...(exit.message === undefined ? {} : { message: exit.message }) } };
    });
    this.finishJob(ns, jobName, succeeded, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
  }

  private deadlineExceeded(ns: string, name: string, uid: string): void {
    const job = this.store.get('jobs', ns, name);
    if (job === undefined || job.metadata.uid !== uid || isFinished(job)) return;
    this.finishJob(ns, name, false, 'DeadlineExceeded', 'Job was active longer than specified deadline');
    // The Job controller removes the active Pods of a Job past its deadline.
    for (const pod of this.store.list('pods', ns, (p) => p.metadata.labels?.['batch.kubernetes.io/controller-uid'] === uid)) void this.deletePod(ns, pod.metadata.name);
  }

  private finishJob(ns: string, name: string | undefined, succeeded: boolean, reason: string, message: string): void {
    if (name === undefined) return;
    const job = this.store.get('jobs', ns, name);
    if (job === undefined || isFinished(job)) return;
    const now = stamp();
    this.store.update('jobs', ns, name, (j) => {
      const status = (asJob(j).status ??= {});
      status.active = 0;
      status.ready = 0;
      if (succeeded) {
        status.succeeded = 1;
        status.completionTime = now;
        status.conditions = [
          { type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: now, lastTransitionTime: now },
          { type: 'Complete', status: 'True', lastProbeTime: now, lastTransitionTime: now },
        ];
      } else {
        status.failed = 1;
        status.conditions = [
          { type: 'FailureTarget', status: 'True', reason, message, lastProbeTime: now, lastTransitionTime: now },
          { type: 'Failed', status: 'True', reason, message, lastProbeTime: now, lastTransitionTime: now },
        ];
      }
    });
    const ttl = asJob(job).spec.ttlSecondsAfterFinished;
    if (ttl !== undefined) {
      this.timer(job.metadata.uid!, ttl * 1000, () => {
        const current = this.store.get('jobs', ns, name);
        if (current === undefined || current.metadata.uid !== job.metadata.uid) return;
        this.store.delete('jobs', ns, name);
        void this.jobDeleted(current, 'Background');
      });
    }
  }

  private setWaiting(ns: string, podName: string, reason: string, message: string): void {
    this.store.update('pods', ns, podName, (p) => {
      const state: ContainerState = { waiting: { reason, message } };
      asPod(p).status.containerStatuses[0]!.state = state;
    });
  }

  private timer(key: string, ms: number, fn: () => void): void {
    const timer = setTimeout(fn, ms);
    timer.unref();
    const list = this.timers.get(key) ?? [];
    list.push(timer);
    this.timers.set(key, list);
  }
}

function isFinished(job: StoredObject): boolean {
  const conditions: JobConditionJson[] = asJob(job).status?.conditions ?? [];
  return conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

function ownerJob(pod: StoredObject): string | undefined {
  return asPod(pod).metadata.ownerReferences?.find((o) => o.kind === 'Job')?.name;
}
