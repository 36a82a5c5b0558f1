export * from './gremlin-lineage-store.js';
export * from './gremlin-store-options.js';
export { parseGremlinQuery, type QueryArg, type QueryStep, type QueryValue, type ParseLimits } from './query/gremlin-query-parser.js';
export type { ReadOnlyQueryOptions, ReadOnlyQueryResult } from './query/read-only-query.js';
// The property layout of the Gremlin graph, for tools that read or write it as files (GraphSON export/import).
export {
  componentProperties,
  componentVertexId,
  dataFlowProperty,
  decodeComponent,
  decodePipeline,
  PARTITION_KEY,
  PENDING_KEY,
  pipelineProperties,
  pipelineVertexId,
  type PropertyValue,
} from './lineage-properties.js';
