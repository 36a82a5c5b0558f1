/** Redis key and channel names TwinGraph adds next to BullMQ's own keys, all under the same prefix. */
export class QueueKeys {
  constructor(readonly prefix: string) {}

  /** Pub/sub channel carrying `{jobId}` cancel requests for running jobs to every worker. */
  get cancelChannel(): string {
    return `${this.prefix}:twingraph:cancel`;
  }

  /** Pub/sub channel where a submitter receives the log lines of its jobs. */
  logChannel(submitterId: string): string {
    return `${this.prefix}:twingraph:logs:${submitterId}`;
  }

  /** Sorted set of worker ids on a queue, scored by last heartbeat (ms). */
  workerSet(queue: string): string {
    return `${this.prefix}:twingraph:workers:${queue}`;
  }

  /** Level-2 result cache entry of a content hash (RedisResultCache). */
  result(hash: string): string {
    return `${this.prefix}:twingraph:result:${hash}`;
  }

  /** JSON description of one worker (components, concurrency, host), expiring when heartbeats stop. */
  worker(queue: string, workerId: string): string {
    return `${this.prefix}:twingraph:worker:${queue}:${workerId}`;
  }
}

/** BullMQ job ids may not contain ':'; envelope ids are `${executionId}:${attempt}`. */
export function bullJobId(envelopeId: string): string {
  return envelopeId.replaceAll(':', '.');
}
