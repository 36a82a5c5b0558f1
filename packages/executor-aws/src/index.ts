export * from './aws-connection.js';
export * from './aws-errors.js';
export * from './s3-blob-store.js';
export * from './secrets-manager-secret-resolver.js';
export * from './lambda-options.js';
export * from './lambda-executor.js';
export * from './launch-payload.js';
export { LambdaStandIn, type LambdaStandInOptions } from './stand-in/lambda-stand-in.js';
export { ensureMotoRole } from './stand-in/moto-admin.js';
