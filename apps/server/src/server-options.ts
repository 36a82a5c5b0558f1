import type { Tracer } from '@opentelemetry/api';
import type { Engine } from '@twingraph/core';
import type { Role } from '@twingraph/protocol';
import type { ClusterOptions } from './cluster/redis-cluster.js';
import type { WorkflowStore } from './workflows/workflow-store.js';
import type { WebAppOptions } from './web-app/web-app-routes.js';

/** A user who can sign in with `POST /api/auth/token {username, password}`. */
export interface ServerUser {
  username: string;
  /** scrypt hash from `hashPassword()`; plain passwords are never kept. */
  passwordHash: string;
  roles: Role[];
}

/** An API key: sent as `X-API-Key`, or exchanged for a JWT at `POST /api/auth/token {apiKey}`. */
export interface ServerApiKey {
  name: string;
  key: string;
  roles: Role[];
}

/** One job queue's gauges (what `collectQueueMetrics` of @twingraph/queue-bullmq returns). */
export interface QueueGauges {
  queue: string;
  depth: number;
  active?: number | undefined;
  workers?: number | undefined;
}

/**
 * Reads the job queue's gauges, for `/health` (a failure makes it 503) and `/metrics`
 * (`twingraph_queue_depth`, `twingraph_queue_active`, `twingraph_workers`). The composition root builds
 * it when components go to queue workers; the server does not import queue adapters.
 */
export type QueueProbe = () => Promise<QueueGauges[]>;

export interface AuthOptions {
  /**
   * 'off': every request acts as a local admin (single-user mode). Only the composition root
   * decides when that is allowed (loopback only); the server itself does not look at its host.
   * @defaultValue 'on'
   */
  mode?: 'on' | 'off';
  /** HS256 secret for issued JWTs, at least 32 bytes. @defaultValue random per process (tokens die with it) */
  jwtSecret?: string | Uint8Array;
  /** Lifetime of issued tokens, in seconds. @defaultValue 3600 */
  tokenTtlSeconds?: number;
  users?: readonly ServerUser[];
  apiKeys?: readonly ServerApiKey[];
}

export interface ServerOptions {
  /** Runs executions and answers run/lineage queries. The server does not close it. */
  engine: Engine;
  /** Saved workflow documents and their versions. */
  workflowStore: WorkflowStore;
  auth?: AuthOptions;
  /** Largest accepted request body, in bytes (413 above). @defaultValue 1 MiB */
  bodyLimitBytes?: number;
  /** Requests per client per window; `false` turns rate limiting off. @defaultValue 600 */
  rateLimitMax?: number | false;
  /** Rate-limit window, in ms. @defaultValue 60_000 */
  rateLimitWindowMs?: number;
  /** CORS origins allowed; `true` reflects any origin, `false` sends no CORS headers. @defaultValue false */
  corsOrigins?: string[] | boolean;
  /** WebSocket events kept for `resumeFrom` replays. @defaultValue 10_000 */
  eventBufferSize?: number;
  /** pino logger options; `false` silences logs (tests); `stream` receives the JSON lines. @defaultValue JSON logs at 'info' on stdout */
  logger?: boolean | { level?: string; stream?: { write(line: string): void } };
  /** Idempotency keys remembered for `POST /api/executions`. @defaultValue 10_000 */
  idempotencyKeys?: number;
  /**
   * At start, what happens to runs a previous server process left 'running': 'resume' continues them
   * from their workflow version (finished components reused by hash; those that cannot be resumed are
   * recorded failed with the reason), 'fail' records them all failed, 'leave' does nothing.
   * @defaultValue 'resume'
   */
  interruptedRuns?: 'resume' | 'fail' | 'leave';
  /** Serve HTTPS and WSS with this PEM key and certificate. @defaultValue plain HTTP */
  https?: { key: string | Buffer; cert: string | Buffer };
  /** The job queue's gauges; no queue check or queue metrics when absent. @defaultValue undefined */
  queueProbe?: QueueProbe;
  /** Where the built web app is served from. @defaultValue apps/web/dist next to this package */
  webApp?: WebAppOptions;
  /** OpenTelemetry tracer for run and component spans (see createOtlpTracing). @defaultValue no tracing */
  tracer?: Tracer;
  /**
   * Several instances on one store: events, stop requests and run ownership through this Redis
   * (see RedisCluster). @defaultValue a single instance
   */
  cluster?: ClusterOptions;
}

export type ResolvedServerOptions = Required<Omit<ServerOptions, 'auth' | 'https' | 'queueProbe' | 'webApp' | 'tracer' | 'cluster'>> & { https: ServerOptions['https']; queueProbe: QueueProbe | undefined; webApp: WebAppOptions; tracer: Tracer | undefined; cluster: ClusterOptions | undefined } & { auth: Required<Omit<AuthOptions, 'jwtSecret'>> & { jwtSecret: Uint8Array } };

export function resolveServerOptions(options: ServerOptions): ResolvedServerOptions {
  const secret = options.auth?.jwtSecret;
  const jwtSecret = secret === undefined ? crypto.getRandomValues(new Uint8Array(32)) : typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  return {
    engine: options.engine,
    workflowStore: options.workflowStore,
    auth: {
      mode: options.auth?.mode ?? 'on',
      jwtSecret,
      tokenTtlSeconds: options.auth?.tokenTtlSeconds ?? 3600,
      users: options.auth?.users ?? [],
      apiKeys: options.auth?.apiKeys ?? [],
    },
    bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
    rateLimitMax: options.rateLimitMax ?? 600,
    rateLimitWindowMs: options.rateLimitWindowMs ?? 60_000,
    corsOrigins: options.corsOrigins ?? false,
    eventBufferSize: options.eventBufferSize ?? 10_000,
    logger: options.logger ?? { level: 'info' },
    idempotencyKeys: options.idempotencyKeys ?? 10_000,
    interruptedRuns: options.interruptedRuns ?? 'resume',
    https: options.https,
    queueProbe: options.queueProbe,
    webApp: options.webApp ?? {},
    tracer: options.tracer,
    cluster: options.cluster,
  };
}
