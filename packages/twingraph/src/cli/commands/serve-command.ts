import { readFileSync } from 'node:fs';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { BullMqJobQueue, collectQueueMetrics } from '@twingraph/queue-bullmq';
import { createOtlpTracing, createServer } from '@twingraph/server';
import { getDefaultEngine } from '../../wiring/default-engine.js';
import { loadConfigFile, mergeSettings, settingsFromEnv } from '../../wiring/twingraph-config.js';
import { openWorkflowStore } from '../../wiring/workflow-store-wiring.js';
import { EXIT } from '../exit-codes.js';
import { serveAuthFromEnv } from './serve-auth.js';
import { storeOverrides, type StoreFlags } from './store-flags.js';

export interface ServeOptions extends StoreFlags {
  port?: string;
  host?: string;
  redis?: string;
  tlsCert?: string;
  tlsKey?: string;
  otlp?: string;
}

/**
 * `twingraph serve`: the composition root of the API server. Reads flags and TWINGRAPH_* env, wires
 * the default engine (SQLite under ./.twingraph) and the workflow store beside its run store, and
 * serves until SIGINT/SIGTERM, when runs in progress are cancelled and the stores closed.
 */
export async function serveCommand(options: ServeOptions): Promise<number> {
  const port = Number(options.port ?? process.env['TWINGRAPH_PORT'] ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TwinGraphError(ERROR_CODES.USAGE, `--port must be a whole number from 0 to 65535, got '${options.port}'`, { hint: 'e.g. --port 4000' });
  }
  const host = options.host ?? process.env['TWINGRAPH_HOST'] ?? '127.0.0.1';
  const auth = serveAuthFromEnv(process.env, host);
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) {
    throw new TwinGraphError(ERROR_CODES.USAGE, '--tls-cert and --tls-key go together', { hint: 'Give both PEM files, or neither for plain HTTP.' });
  }
  const https = options.tlsCert === undefined || options.tlsKey === undefined ? undefined : { cert: readFileSync(options.tlsCert), key: readFileSync(options.tlsKey) };
  const overrides = { ...storeOverrides(options), ...(options.redis === undefined ? {} : { redis: options.redis }) };
  const settings = mergeSettings(overrides, settingsFromEnv(), await loadConfigFile());
  const engine = await getDefaultEngine({ overrides });
  // Saved workflows live with the runs (SQLite file or PostgreSQL); JSON files of earlier versions are imported once.
  const workflows = await openWorkflowStore(settings, (line) => process.stderr.write(`twingraph serve: ${line}\n`));
  // With queue workers, /health checks the queue and /metrics exports its depth (a connection of its own).
  const redis = settings.redis;
  const probeQueue = redis === undefined ? undefined : new BullMqJobQueue({ connection: redis });
  const queueNames = [settings.queue ?? 'twingraph'];
  const tracing = otlpFromEnv(options.otlp, process.env);
  const server = await createServer({
    engine,
    workflowStore: workflows.store,
    auth,
    logger: { level: process.env['TWINGRAPH_LOG_LEVEL'] ?? 'info' },
    ...(https === undefined ? {} : { https }),
    ...(tracing === undefined ? {} : { tracer: tracing.tracer }),
    // With Redis, instances on the same store form a cluster: events, stops and run ownership go through it.
    ...(redis === undefined ? {} : { cluster: { redis, prefix: process.env['TWINGRAPH_CLUSTER_PREFIX'] ?? 'twingraph' } }),
    ...(probeQueue === undefined ? {} : { queueProbe: () => collectQueueMetrics(probeQueue, queueNames) }),
    ...(process.env['TWINGRAPH_CORS_ORIGINS'] === undefined ? {} : { corsOrigins: process.env['TWINGRAPH_CORS_ORIGINS'].split(',').map((o) => o.trim()) }),
  });
  const address = await server.listen({ port, host });
  process.stderr.write(`twingraph serve: listening on ${address} (auth ${auth.mode ?? 'on'}; API docs at ${address}/docs)\n`);
  // The one line a first-time user needs: where the web app is (the API and the app share the port).
  process.stderr.write(`\n  TwinGraph is ready. Open ${address}/ in your browser (designer: ${address}/#/designer)\n\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  process.stderr.write('twingraph serve: stopping (cancelling runs in progress)\n');
  await server.close();
  await workflows.close();
  // Spans still batched are sent before the process exits.
  await tracing?.shutdown().catch((error: unknown) => process.stderr.write(`twingraph serve: could not flush traces: ${(error as Error).message}\n`));
  await probeQueue?.close();
  // The default engines are closed by the CLI's main() on the way out.
  return EXIT.OK;
}

/**
 * OTLP/HTTP trace export, on when `--otlp` or the standard OpenTelemetry variables name an endpoint:
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (full URL) or OTEL_EXPORTER_OTLP_ENDPOINT (base URL),
 * OTEL_EXPORTER_OTLP_HEADERS (`key=value,…`), OTEL_SERVICE_NAME (default twingraph).
 */
export function otlpFromEnv(flag: string | undefined, env: NodeJS.ProcessEnv): ReturnType<typeof createOtlpTracing> | undefined {
  const traces = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim();
  const endpoint = flag ?? (traces !== undefined && traces !== '' ? traces : env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim());
  if (endpoint === undefined || endpoint === '') return undefined;
  if (!/^https?:\/\//.test(endpoint)) {
    throw new TwinGraphError(ERROR_CODES.USAGE, `The OTLP endpoint must be an http(s) URL, got '${endpoint}'`, { hint: 'e.g. --otlp http://127.0.0.1:4318 (an OpenTelemetry Collector or Jaeger OTLP/HTTP port)' });
  }
  const headers = Object.fromEntries((env['OTEL_EXPORTER_OTLP_HEADERS'] ?? '').split(',').map((pair) => pair.split('=')).filter((kv) => kv.length >= 2 && kv[0]!.trim() !== '').map(([k, ...v]) => [decodeURIComponent(k!.trim()), decodeURIComponent(v.join('=').trim())]));
  return createOtlpTracing({
    endpoint,
    serviceName: env['OTEL_SERVICE_NAME']?.trim() || 'twingraph',
    ...(Object.keys(headers).length === 0 ? {} : { headers }),
  });
}
