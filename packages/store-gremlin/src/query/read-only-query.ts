import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import type { GremlinConnection } from '../gremlin-connection.js';
import { __, OptionsStrategy, ReadOnlyStrategy, SERVER_TIMEOUT_STATUS, SubgraphStrategy } from '../gremlin-driver.js';
import { PARTITION_KEY } from '../lineage-properties.js';
import { buildTraversal } from './gremlin-query-bytecode.js';
import { parseGremlinQuery, type ParseLimits, type QueryValue } from './gremlin-query-parser.js';
import { resultToJson } from './gremlin-result-json.js';

export interface ReadOnlyQueryOptions extends ParseLimits {
  /** Values for names used in the query (`g.V().has('name', n)` with `{n: 'train'}`). */
  bindings?: Readonly<Record<string, QueryValue>>;
  /**
   * Server-side evaluation timeout (Gremlin `evaluationTimeout`), in milliseconds; the server stops the
   * traversal then and the query fails with ERR_GRAPH_QUERY_TIMEOUT.
   * @defaultValue 10000
   */
  timeoutMs?: number;
  /**
   * Results returned at most: `limit(maxResults + 1)` is appended to the traversal so the server stops
   * early, and `truncated` says when there were more.
   * @defaultValue 1000
   */
  maxResults?: number;
}

export interface ReadOnlyQueryResult {
  results: unknown[];
  /** True when the traversal had more than `maxResults` results and only the first ones are returned. */
  truncated: boolean;
  /** Server round trip, in milliseconds. */
  elapsedMs: number;
}

/**
 * Runs one read-only traversal for power users. Three guards: the text is parsed to an allow-listed step
 * chain (no script ever reaches the server), the traversal carries TinkerPop's ReadOnlyStrategy (the
 * server refuses mutating steps too), and SubgraphStrategy keeps it inside the store's partition.
 */
export async function runReadOnlyQuery(connection: GremlinConnection, partition: string, text: string, options: ReadOnlyQueryOptions = {}): Promise<ReadOnlyQueryResult> {
  const steps = parseGremlinQuery(text, options.bindings, options);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxResults = options.maxResults ?? 1000;
  const started = performance.now();
  const raw = await connection.run(
    'run a read-only query',
    (g) => {
      // The driver sends an OptionsStrategy as request options (evaluationTimeout) only when it comes alone.
      const source = g
        .withStrategies(new OptionsStrategy({ evaluationTimeout: timeoutMs }))
        .withStrategies(
          new ReadOnlyStrategy(),
          // Edges carry no partition key; SubgraphStrategy keeps those whose both ends are in the partition.
          new SubgraphStrategy({ vertices: __.has(PARTITION_KEY, partition), checkAdjacentVertices: true }),
        );
      const traversal = buildTraversal(source, steps);
      traversal.getBytecode().addStep('limit', [maxResults + 1]);
      return traversal.toList();
    },
    // The server stops the traversal at timeoutMs; the client waits a little longer for that answer.
    // One attempt: re-sending a slow query would only queue it again on the server.
    { timeoutMs: timeoutMs + 5000, attempts: 1, onResponseError: (error) => queryError(error, timeoutMs) },
  );
  const elapsedMs = Math.round(performance.now() - started);
  const truncated = raw.length > maxResults;
  return { results: raw.slice(0, maxResults).map((r) => resultToJson(r)), truncated, elapsedMs };
}

function queryError(error: Error & { statusCode?: number }, timeoutMs: number): TwinGraphError {
  const text = error.message;
  if (error.statusCode === SERVER_TIMEOUT_STATUS || /timeout|timed out/i.test(text)) {
    return new TwinGraphError(ERROR_CODES.GRAPH_QUERY_TIMEOUT, `The query ran longer than ${timeoutMs} ms and was stopped by the Gremlin Server`, {
      category: 'user',
      hint: 'Narrow the start (g.V(id), has(...)), bound repeat() with times(), or add limit().',
      details: { timeoutMs },
      cause: error,
    });
  }
  if (/ReadOnlyStrategy|read only|mutating/i.test(text)) {
    return new TwinGraphError(ERROR_CODES.GRAPH_QUERY_REFUSED, `The Gremlin Server refused the query as not read-only: ${text}`, { category: 'user', nonRetryable: true, cause: error });
  }
  return new TwinGraphError(ERROR_CODES.GRAPH_QUERY_FAILED, `The Gremlin Server could not run the query: ${text}`, {
    category: 'user',
    nonRetryable: true,
    hint: 'Check step arguments and property types against the schema in docs/lineage.md.',
    details: { status: error.statusCode },
    cause: error,
  });
}
