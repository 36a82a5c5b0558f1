export * from './bullmq-job-queue.js';
export * from './bullmq-job-queue-options.js';
export * from './redis-connection.js';
export type { JobPayload, LogMessage } from './job-payload.js';
export * from './queue-metrics.js';
export * from './redis-result-cache.js';
