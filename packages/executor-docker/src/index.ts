export * from './docker-executor.js';
export * from './docker-executor-options.js';
export * from './docker-connection.js';
export type { DockerPlatformOptions } from './container-spec.js';
export { parseMemorySize, parseCpu } from './memory-size.js';
/** Moved to @twingraph/core (shared by the executors that ship SDK functions); re-exported for existing imports. */
export { freeIdentifiers } from '@twingraph/core';
