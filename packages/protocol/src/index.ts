export * from './protocol-error-codes.js';
export * from './http-status.js';
export * from './error-dto.js';
export * from './workflow-dto.js';
export * from './execution-dto.js';
export * from './graph-dto.js';
export * from './auth-dto.js';
export * from './ws-messages.js';
