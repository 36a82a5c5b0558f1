export * from './aws-connection.js';
export * from './aws-errors.js';
export * from './s3-blob-store.js';
export * from './secrets-manager-secret-resolver.js';
