import type { FastifyBaseLogger } from 'fastify';
import type { Engine } from '@twingraph/core';

/**
 * Component ends as pino log lines carrying `runId` and `executionId` (the component execution), so
 * a run can be followed in the server's JSON logs: failures and cancellations at warn, the rest at debug.
 */
export function logComponentEnds(engine: Engine, logger: FastifyBaseLogger): () => void {
  return engine.on((event) => {
    if (event.type === 'node.retry') {
      logger.info({ runId: event.runId, executionId: event.executionId, component: event.name, attempt: event.attempt, delayMs: event.delayMs, code: event.error.code }, 'component attempt failed; retrying');
      return;
    }
    if (event.type !== 'node.status') return;
    const fields = { runId: event.runId, executionId: event.executionId, component: event.name, platform: event.platform, hash: event.hash, status: event.status, attempts: event.attempt };
    if (event.status === 'failed' || event.status === 'cancelled') {
      logger.warn({ ...fields, code: event.error?.code, error: event.error?.message }, `component ${event.status}`);
    } else if (event.status === 'succeeded' || event.status === 'cached' || event.status === 'skipped') {
      logger.debug({ ...fields, durationMs: event.durationMs }, `component ${event.status}`);
    }
  });
}
