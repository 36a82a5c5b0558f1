export * from './gremlin-lineage-store.js';
export * from './gremlin-store-options.js';
