// The shapes of the objects the stand-in keeps, as JSON (timestamps are RFC 3339 strings, unlike the
// client's V1 classes, which use Date).

export interface MetaJson {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
}

export interface EnvJson {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}

export interface ContainerJson {
  name: string;
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: EnvJson[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export interface PodSpecJson {
  containers: ContainerJson[];
  nodeName?: string;
  serviceAccountName?: string;
  [key: string]: unknown;
}

export type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | { terminated: { exitCode: number; reason: string; message?: string; startedAt?: string; finishedAt: string } };

export interface PodJson {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: MetaJson;
  spec: PodSpecJson;
  status: {
    phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
    reason?: string;
    message?: string;
    startTime?: string;
    conditions: { type: string; status: string; reason?: string; message?: string; lastTransitionTime: string }[];
    containerStatuses: { name: string; image: string; ready: boolean; restartCount: number; state: ContainerState }[];
  };
}

export interface JobConditionJson {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime: string;
  lastTransitionTime: string;
}

export interface JobJson {
  apiVersion: 'batch/v1';
  kind: 'Job';
  metadata: MetaJson;
  spec: {
    template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpecJson };
    activeDeadlineSeconds?: number;
    ttlSecondsAfterFinished?: number;
    backoffLimit?: number;
    selector?: { matchLabels: Record<string, string> };
  };
  status?: { startTime?: string; completionTime?: string; active?: number; ready?: number; succeeded?: number; failed?: number; conditions?: JobConditionJson[] };
}

export interface SecretJson {
  metadata: MetaJson;
  data?: Record<string, string>;
}
