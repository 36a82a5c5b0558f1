import { status, type K8sStatus } from './k8s-status.js';
import type { ObjectStore, StoredObject } from './object-store.js';

/** What the stand-in's admission step refuses, to exercise the executor's handling of 403s. */
export interface AdmissionPolicy {
  /** A ResourceQuota on count/jobs.batch: Jobs not yet finished per namespace. @defaultValue unlimited */
  maxActiveJobs?: number;
  /** Labels every Job must carry (an admission webhook's rule). @defaultValue none */
  requiredLabels?: string[];
  /** Images matching this pattern are refused (e.g. `':latest$'`). @defaultValue none */
  deniedImages?: string;
}

/** A 403 Status the way quota and webhooks phrase it, or undefined when the Job is admitted. */
export function admit(policy: AdmissionPolicy, store: ObjectStore, namespace: string, job: StoredObject): K8sStatus | undefined {
  const name = job.metadata.name;
  const forbidden = (message: string): K8sStatus => status(403, 'Forbidden', `jobs.batch "${name}" is forbidden: ${message}`, { name, group: 'batch', kind: 'jobs' });
  if (policy.maxActiveJobs !== undefined) {
    const used = store.list('jobs', namespace, (j) => !finished(j)).length;
    if (used + 1 > policy.maxActiveJobs) {
      return forbidden(`exceeded quota: twingraph-stand-in-quota, requested: count/jobs.batch=1, used: count/jobs.batch=${used}, limited: count/jobs.batch=${policy.maxActiveJobs}`);
    }
  }
  const missing = (policy.requiredLabels ?? []).filter((label) => job.metadata.labels?.[label] === undefined);
  if (missing.length > 0) {
    return status(403, 'Forbidden', `admission webhook "labels.stand-in.twingraph.io" denied the request: Job ${name} must carry the label(s) ${missing.join(', ')}`, { name, group: 'batch', kind: 'jobs' });
  }
  if (policy.deniedImages !== undefined) {
    const pattern = new RegExp(policy.deniedImages);
    const images = ((job['spec'] as { template?: { spec?: { containers?: { image?: string }[] } } } | undefined)?.template?.spec?.containers ?? []).map((c) => c.image ?? '');
    const denied = images.find((image) => pattern.test(image));
    if (denied !== undefined) {
      return status(403, 'Forbidden', `admission webhook "images.stand-in.twingraph.io" denied the request: image ${denied} is not allowed by policy (${policy.deniedImages})`, { name, group: 'batch', kind: 'jobs' });
    }
  }
  return undefined;
}

function finished(job: StoredObject): boolean {
  const conditions = (job['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}
