export * from './gremlin-lineage-store.js';
export * from './gremlin-store-options.js';
export { parseGremlinQuery, type QueryArg, type QueryStep, type QueryValue, type ParseLimits } from './query/gremlin-query-parser.js';
export type { ReadOnlyQueryOptions, ReadOnlyQueryResult } from './query/read-only-query.js';
