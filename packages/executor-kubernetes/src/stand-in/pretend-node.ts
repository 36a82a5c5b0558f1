import type { PodSpecJson } from './k8s-json.js';

/** The stand-in's one node: what the scheduler step compares nodeSelector and tolerations with. */
export interface PretendNode {
  /** @defaultValue 'twingraph-stand-in-node' */
  name?: string;
  /** Added to kubernetes.io/os, kubernetes.io/arch and kubernetes.io/hostname. @defaultValue `{}` */
  labels?: Record<string, string>;
  /** @defaultValue none */
  taints?: { key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }[];
}

export interface ResolvedNode {
  name: string;
  labels: Record<string, string>;
  taints: NonNullable<PretendNode['taints']>;
}

export function resolveNode(node: PretendNode = {}): ResolvedNode {
  const name = node.name ?? 'twingraph-stand-in-node';
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return { name, labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': arch, 'kubernetes.io/hostname': name, ...node.labels }, taints: node.taints ?? [] };
}

/** Why the Pod cannot go on the node, in the scheduler's words; undefined when it fits. */
export function unschedulable(spec: PodSpecJson, node: ResolvedNode): string | undefined {
  const selector = (spec['nodeSelector'] ?? {}) as Record<string, string>;
  if (Object.entries(selector).some(([key, value]) => node.labels[key] !== value)) {
    return "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.";
  }
  const tolerations = (spec['tolerations'] ?? []) as { key?: string; operator?: string; value?: string; effect?: string }[];
  const untolerated = node.taints.filter(
    (taint) =>
      taint.effect !== 'PreferNoSchedule' &&
      !tolerations.some((t) => (t.key === undefined || t.key === '' ? t.operator === 'Exists' : t.key === taint.key) && (t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '')) && (t.effect === undefined || t.effect === '' || t.effect === taint.effect)),
  );
  if (untolerated.length > 0) {
    const taint = untolerated[0]!;
    return `0/1 nodes are available: 1 node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.`;
  }
  return undefined;
}
