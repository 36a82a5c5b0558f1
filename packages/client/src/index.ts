export * from './client-error.js';
export * from './client-options.js';
export * from './web-socket-like.js';
export * from './http-transport.js';
export * from './response-types.js';
export * from './prometheus-text.js';
export * from './event-subscription.js';
export * from './twingraph-client.js';
