// Local stand-ins for tests and run-local demos (not for production use): see ../../README.md.
export { LambdaStandIn, LAMBDA_SYNC_PAYLOAD_LIMIT, type LambdaStandInOptions } from './lambda-stand-in.js';
export { ensureMotoBatchQueue, ensureMotoRole } from './moto-admin.js';
export { DockerApi } from './docker-api.js';
