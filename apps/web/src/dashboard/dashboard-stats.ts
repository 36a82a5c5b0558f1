import type { RunRecord } from '@twingraph/model';
import type { PrometheusSample } from '@twingraph/client';

export interface DayBucket {
  /** Local date, `YYYY-MM-DD`. */
  day: string;
  succeeded: number;
  failed: number;
  cancelled: number;
  running: number;
  /** succeeded / finished, 0..1; null when nothing finished that day. */
  successRate: number | null;
}

function localDay(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Runs per day (by start time) for the last `days` days, oldest first, days without runs included. */
export function runsByDay(runs: readonly RunRecord[], days: number, now = Date.now()): DayBucket[] {
  const buckets = new Map<string, DayBucket>();
  for (let i = days - 1; i >= 0; i--) {
    const day = localDay(now - i * 86_400_000);
    buckets.set(day, { day, succeeded: 0, failed: 0, cancelled: 0, running: 0, successRate: null });
  }
  for (const run of runs) {
    const bucket = buckets.get(localDay(Date.parse(run.startedAt)));
    if (bucket !== undefined) bucket[run.status]++;
  }
  for (const b of buckets.values()) {
    const finished = b.succeeded + b.failed + b.cancelled;
    b.successRate = finished === 0 ? null : b.succeeded / finished;
  }
  return [...buckets.values()];
}

/** Success rate over finished runs; null when none finished. */
export function successRate(runs: readonly RunRecord[]): number | null {
  const finished = runs.filter((r) => r.status !== 'running');
  return finished.length === 0 ? null : finished.filter((r) => r.status === 'succeeded').length / finished.length;
}

/** Nearest-rank percentile of unsorted values; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Finished runs with their duration, oldest first (for the duration chart). */
export function runDurations(runs: readonly RunRecord[]): Array<{ run: RunRecord; ms: number }> {
  return runs
    .filter((r) => r.completedAt !== undefined)
    .map((run) => ({ run, ms: Math.max(0, Date.parse(run.completedAt!) - Date.parse(run.startedAt)) }))
    .filter((d) => Number.isFinite(d.ms))
    .sort((a, b) => a.run.startedAt.localeCompare(b.run.startedAt));
}

export interface QueueHealth {
  queue: string;
  depth: number | undefined;
  active: number | undefined;
  workers: number | undefined;
}

/** Queue gauges from `/metrics` (present when the server runs components through queue workers). */
export function queueHealth(samples: readonly PrometheusSample[]): QueueHealth[] {
  const byQueue = new Map<string, QueueHealth>();
  const field = { twingraph_queue_depth: 'depth', twingraph_queue_active: 'active', twingraph_workers: 'workers' } as const;
  for (const s of samples) {
    const key = field[s.name as keyof typeof field];
    if (key === undefined) continue;
    const queue = s.labels['queue'] ?? 'default';
    const entry = byQueue.get(queue) ?? { queue, depth: undefined, active: undefined, workers: undefined };
    entry[key] = s.value;
    byQueue.set(queue, entry);
  }
  return [...byQueue.values()];
}

/** Sum of a counter's samples matching the labels. */
export function counterTotal(samples: readonly PrometheusSample[], name: string, labels: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
}
