import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import type { NeptuneIamOptions } from './neptune-iam-signer.js';

/** Options of GremlinLineageStore; `resolveGremlinStoreOptions` fills the defaults once. */
export interface GremlinStoreOptions {
  /**
   * Where the Gremlin Server listens: `gremlin://host:8182` (plain WebSocket, path `/gremlin`),
   * `ws://host:8182/gremlin`, `wss://your-neptune-endpoint:8182/gremlin` (TLS, e.g. Amazon Neptune) or
   * `neptune://your-neptune-endpoint:8182?region=us-east-1` (TLS with IAM signing).
   */
  url: string;
  /**
   * Amazon Neptune IAM database authentication: sign the WebSocket handshake with SigV4 (service
   * `neptune-db`). `true` uses the region of a `neptune://…?region=` URL and the AWS SDK credential chain.
   * @defaultValue true for `neptune://` URLs, else false
   */
  iam?: boolean | NeptuneIamOptions;
  /**
   * Namespace of this store inside the graph: every vertex carries `tg_partition = partition` and its id
   * starts with it, and every query and clear() stays inside it. Lets tests, tenants or environments
   * share one Gremlin Server without seeing each other.
   * @defaultValue 'twingraph'
   */
  partition?: string;
  /**
   * Lineage writes (vertex + its edges) sent per traversal. Bigger batches mean fewer round trips but
   * larger requests (inputs/outputs travel as JSON strings).
   * @defaultValue 100
   */
  batchSize?: number;
  /**
   * Characters of inputs + outputs JSON per traversal: a chunk is cut earlier than `batchSize` when its
   * writes carry big values, to stay under the server's request limit (Gremlin Server `maxContentLength`).
   * @defaultValue 8388608 (8 Mi characters)
   */
  maxChunkChars?: number;
  /**
   * Write requests in flight at once on the connection. More than 1 overlaps building and sending the
   * next chunk with the server's work on the previous one, but is only safe where the server runs the
   * requests of one connection in order (Gremlin Server with `gremlinPool: 1`, as the local
   * scripts/gremlin/gremlin-server.yaml): chunks may touch the same vertices. Keep 1 for Neptune.
   * @defaultValue 1
   */
  maxInFlight?: number;
  /**
   * Attempts for one request when the connection fails (refused, closed, timed out) before the store
   * gives up with ERR_STORE_UNAVAILABLE. Writes are idempotent upserts, so retrying them is safe.
   * @defaultValue 5
   */
  maxAttempts?: number;
  /**
   * First delay between attempts, in milliseconds; doubles after each failure up to 5,000 ms.
   * @defaultValue 200
   */
  retryInitialMs?: number;
  /**
   * Time to wait for the WebSocket handshake, in milliseconds, before the attempt counts as failed.
   * @defaultValue 10000
   */
  connectTimeoutMs?: number;
  /**
   * Time to wait for one answer, in milliseconds, before the attempt counts as failed.
   * @defaultValue 60000
   */
  requestTimeoutMs?: number;
}

export type ResolvedGremlinStoreOptions = Required<Omit<GremlinStoreOptions, 'iam'>> & {
  /** IAM signing with its region settled, or undefined when off. */
  iam: (NeptuneIamOptions & { region: string }) | undefined;
};

export function resolveGremlinStoreOptions(options: GremlinStoreOptions): ResolvedGremlinStoreOptions {
  return {
    url: options.url,
    iam: resolveIam(options),
    partition: options.partition ?? 'twingraph',
    batchSize: Math.max(1, options.batchSize ?? 100),
    maxChunkChars: options.maxChunkChars ?? 8 * 1024 * 1024,
    maxInFlight: Math.max(1, options.maxInFlight ?? 1),
    maxAttempts: Math.max(1, options.maxAttempts ?? 5),
    retryInitialMs: options.retryInitialMs ?? 200,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
  };
}

/**
 * The WebSocket URL the driver connects to: `gremlin://host:port[/path]` becomes `ws://host:port/gremlin`,
 * and a `ws(s)://` URL without a path gets `/gremlin`, the path Gremlin Server and Neptune both use.
 */
export function gremlinWebSocketUrl(url: string): string {
  const parsed = new URL(url.replace(/^gremlin:/, 'ws:').replace(/^neptune:/, 'wss:'));
  // neptune://…?region= carries settings, not a query the server should see.
  if (url.startsWith('neptune:')) parsed.search = '';
  if (parsed.pathname === '' || parsed.pathname === '/') parsed.pathname = '/gremlin';
  if (parsed.port === '') parsed.port = '8182';
  return parsed.toString();
}

function resolveIam(options: GremlinStoreOptions): ResolvedGremlinStoreOptions['iam'] {
  const neptune = options.url.startsWith('neptune:');
  const iam = options.iam ?? neptune;
  if (iam === false) return undefined;
  const settings = iam === true ? {} : iam;
  const region = settings.region ?? (neptune ? new URL(options.url).searchParams.get('region') ?? undefined : undefined);
  if (region === undefined || region === '') {
    throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `Neptune IAM signing for ${options.url} needs the cluster's AWS region`, {
      hint: 'Use neptune://<endpoint>:8182?region=us-east-1, or set AWS_REGION with TWINGRAPH_NEPTUNE_IAM=on.',
      nonRetryable: true,
    });
  }
  return { ...settings, region };
}
