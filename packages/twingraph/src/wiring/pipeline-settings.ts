import type { PipelineOptions } from '@twingraph/model';
import type { PartialSettings } from './twingraph-config.js';

/**
 * The settings layer a pipeline's own options give (below flags and env). `queue.name` and
 * `componentConcurrency` pick the queue; workers are used once a Redis URL is known (`queue.redis`,
 * TWINGRAPH_REDIS_URL or `--redis`), so a pipeline naming a queue still runs locally without Redis.
 */
export function pipelineSettings(options: Readonly<PipelineOptions>): PartialSettings {
  return {
    store: options.store,
    graph: options.graph,
    cache: options.cache,
    redis: options.queue?.redis,
    queue: options.queue?.name,
    componentConcurrency: options.queue?.componentConcurrency,
  };
}
