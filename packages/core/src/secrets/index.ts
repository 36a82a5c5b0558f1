export * from './secret-resolver.js';
export * from './secret-masker.js';
export * from './secret-references.js';
export * from './env-secret-resolver.js';
export * from './file-secret-resolver.js';
export * from './vault-secret-resolver.js';
export * from './secret-executor.js';
