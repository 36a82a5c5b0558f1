/**
 * Every stable error code TwinGraph emits. Transports map these to HTTP statuses and CLI exit codes
 * in one table each; never compare on message text.
 */
export const ERROR_CODES = {
  /** Invalid options passed to component(), pipeline() or a factory. */
  INVALID_OPTIONS: 'ERR_INVALID_OPTIONS',
  /** A workflow document or DAG failed validation. */
  VALIDATION: 'ERR_VALIDATION',
  /** The DAG has a cycle; details.cycle names the nodes in order. */
  DAG_CYCLE: 'ERR_DAG_CYCLE',
  /** A platform name TwinGraph does not know. */
  UNKNOWN_PLATFORM: 'ERR_UNKNOWN_PLATFORM',
  /** A known platform with no executor configured in this process. */
  EXECUTOR_NOT_CONFIGURED: 'ERR_EXECUTOR_NOT_CONFIGURED',
  /** A value (input or output) cannot be represented as JSON. */
  NON_SERIALIZABLE: 'ERR_NON_SERIALIZABLE',
  /** Component returned something other than a plain object of outputs. */
  INVALID_OUTPUTS: 'ERR_INVALID_OUTPUTS',
  /** Component code threw or exited with failure. */
  COMPONENT_FAILED: 'ERR_COMPONENT_FAILED',
  /** Component code threw something that is not an Error. */
  NON_ERROR_THROWN: 'ERR_NON_ERROR_THROWN',
  /** A component exceeded its timeoutMs. */
  TIMEOUT: 'ERR_TIMEOUT',
  /** The run (or component) was cancelled. */
  CANCELLED: 'ERR_CANCELLED',
  /** An upstream failure stopped this component (errorHandler 'fail'). */
  UPSTREAM_FAILED: 'ERR_UPSTREAM_FAILED',
  /** A component was called outside of a running pipeline. */
  NO_ACTIVE_RUN: 'ERR_NO_ACTIVE_RUN',
  /** A module given to `twingraph run` exports no pipeline (or not the one named). */
  PIPELINE_NOT_FOUND: 'ERR_PIPELINE_NOT_FOUND',
  /** A file could not be loaded (missing, syntax error, import failure). */
  MODULE_LOAD_FAILED: 'ERR_MODULE_LOAD_FAILED',
  /** The store file is not a TwinGraph database or is damaged. */
  STORE_CORRUPT: 'ERR_STORE_CORRUPT',
  /** The store is locked by another process for longer than the busy timeout. */
  STORE_LOCKED: 'ERR_STORE_LOCKED',
  /** Any other store failure (disk full, permissions...). */
  STORE_UNAVAILABLE: 'ERR_STORE_UNAVAILABLE',
  /** The store was written by a newer TwinGraph. */
  STORE_VERSION: 'ERR_STORE_VERSION',
  /** A run, execution, workflow or hash that does not exist. */
  NOT_FOUND: 'ERR_NOT_FOUND',
  /** The command line was used wrongly. */
  USAGE: 'ERR_USAGE',
  /** The job queue (Redis) cannot be reached or refused a command. */
  QUEUE_UNAVAILABLE: 'ERR_QUEUE_UNAVAILABLE',
  /** No live worker on the queue advertises the component a job names. */
  NO_CAPABLE_WORKER: 'ERR_NO_CAPABLE_WORKER',
  /** The worker running a job stopped answering (killed, lost its lock) more often than allowed. */
  WORKER_LOST: 'ERR_WORKER_LOST',
  /** A `${secret:NAME}` reference no configured secret resolver holds. */
  SECRET_NOT_FOUND: 'ERR_SECRET_NOT_FOUND',
  /** A secret backend (Vault, secrets file, AWS) could not be read: unreachable, denied, malformed. */
  SECRET_UNAVAILABLE: 'ERR_SECRET_UNAVAILABLE',
  /** A raw graph query (POST /api/graph/query) was refused: a mutating step, a lambda, or syntax outside the read-only subset. */
  GRAPH_QUERY_REFUSED: 'ERR_GRAPH_QUERY_REFUSED',
  /** The graph database rejected or failed a raw read-only query (unknown property type, bad argument...). */
  GRAPH_QUERY_FAILED: 'ERR_GRAPH_QUERY_FAILED',
  /** A raw graph query ran past its evaluation timeout and was stopped by the graph database. */
  GRAPH_QUERY_TIMEOUT: 'ERR_GRAPH_QUERY_TIMEOUT',
  /** Raw graph queries need a Gremlin lineage backend; this one (SQLite, memory) has no query language to offer. */
  GRAPH_QUERY_UNSUPPORTED: 'ERR_GRAPH_QUERY_UNSUPPORTED',
  /** Bug: something that should not happen. */
  INTERNAL: 'ERR_INTERNAL',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];
