export * from './create-server.js';
export * from './server-options.js';
export * from './auth/auth-service.js';
export { hashPassword } from './auth/password-hash.js';
export * from './workflows/workflow-store.js';
export * from './workflows/file-workflow-store.js';
export * from './ws/event-hub.js';
export * from './executions/execution-service.js';
export { componentMetrics } from './graph/graph-routes.js';
