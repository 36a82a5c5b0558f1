export const PLATFORMS = ['local', 'docker', 'kubernetes', 'lambda', 'batch'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const NODE_STATUSES = ['pending', 'queued', 'running', 'succeeded', 'failed', 'skipped', 'cached', 'cancelled'] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Statuses after which a node never changes again. */
export function isTerminalNodeStatus(status: NodeStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'skipped' || status === 'cached' || status === 'cancelled';
}

export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value);
}
