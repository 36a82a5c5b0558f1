import type { JobQueue } from '@twingraph/core';

/** One queue's gauges, as the server will export them: `twingraph_queue_depth`, `twingraph_queue_active`, `twingraph_workers`. */
export interface QueueMetrics {
  queue: string;
  /** Jobs waiting for a worker (`twingraph_queue_depth`): what an autoscaler scales on. */
  depth: number;
  /** Jobs running now; undefined for queues that do not count them. */
  active: number | undefined;
  /** Live workers by heartbeat (`twingraph_workers`); undefined for queues that do not track them. */
  workers: number | undefined;
  /** Sum of the live workers' concurrency. */
  slots: number | undefined;
}

/** Reads the gauges of each named queue (any JobQueue; BullMqJobQueue also answers active and workers). */
export async function collectQueueMetrics(queue: JobQueue & { active?(name: string): Promise<number> }, names: readonly string[]): Promise<QueueMetrics[]> {
  return Promise.all(names.map(async (name) => {
    const [depth, active, workers] = await Promise.all([queue.depth(name), queue.active?.(name), queue.workers?.(name)]);
    return { queue: name, depth, active, workers: workers?.length, slots: workers?.reduce((total, w) => total + w.concurrency, 0) };
  }));
}
