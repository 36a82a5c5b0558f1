export * from './docker-executor.js';
export * from './docker-executor-options.js';
export * from './docker-connection.js';
export type { DockerPlatformOptions } from './container-spec.js';
export { parseMemorySize, parseCpu } from './memory-size.js';
export { freeIdentifiers } from './free-identifiers.js';
