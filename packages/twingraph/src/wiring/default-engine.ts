import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { createDefaultRuntimes, createEngine, FileSystemBlobStore, InMemoryLineageStore, InMemoryRunStore, LocalExecutor, type Engine, type LineageStore, type RunStore } from '@twingraph/core';
import { createPostgresStores, createSqliteStores, type PostgresStores, type SqliteStores } from '@twingraph/store-sql';
import { GremlinLineageStore } from '@twingraph/store-gremlin';
import { loadConfigFile, mergeSettings, settingsFromEnv, type PartialSettings, type TwinGraphSettings } from './twingraph-config.js';
import { parseStoreTarget, type StoreTarget } from './store-target.js';
import { dockerExecutorFromEnv } from './docker-wiring.js';
import { awsBlobStoreFromEnv, awsExecutorsFromEnv, awsSecretResolversFromEnv } from './aws-wiring.js';
import { kubernetesExecutorFromEnv } from './kubernetes-wiring.js';
import { secretResolverFromEnv } from './secret-wiring.js';
import { queueExecutorFromSettings, resultCacheFromEnv } from './queue-wiring.js';

export interface DefaultEngineRequest {
  /** Highest priority: flags / explicit run options. */
  overrides?: PartialSettings;
  /** Below env: the pipeline's own options. */
  pipeline?: PartialSettings;
}

const engines = new Map<string, Promise<Engine>>();

/**
 * The engine for these settings, created once per process and reused: flags > env > pipeline
 * options > twingraph.config.* > defaults (SQLite under ./.twingraph, local executor).
 */
export async function getDefaultEngine(request: DefaultEngineRequest = {}): Promise<Engine> {
  const settings = mergeSettings(request.overrides ?? {}, settingsFromEnv(), request.pipeline ?? {}, await loadConfigFile());
  const key = JSON.stringify(settings);
  let engine = engines.get(key);
  if (engine === undefined) {
    engine = Promise.resolve().then(() => createWiredEngine(settings));
    engines.set(key, engine);
    engine.catch(() => engines.delete(key));
  }
  return engine;
}

/** Closes every engine getDefaultEngine created (stores flushed and closed). */
export async function closeDefaultEngines(): Promise<void> {
  const all = [...engines.values()];
  engines.clear();
  for (const engine of all) await (await engine).close();
}

export function createWiredEngine(settings: TwinGraphSettings): Engine {
  const sqlite = new Map<string, SqliteStores>();
  const openSqlite = (path: string): SqliteStores => {
    let stores = sqlite.get(path);
    if (stores === undefined) {
      mkdirSync(dirname(path), { recursive: true });
      stores = createSqliteStores(path);
      sqlite.set(path, stores);
    }
    return stores;
  };
  // One PostgreSQL database per URL: --store and --graph on the same URL share connections and commits.
  const postgres = new Map<string, PostgresStores>();
  const openPostgres = (url: string): PostgresStores => {
    let stores = postgres.get(url);
    if (stores === undefined) {
      stores = createPostgresStores(url);
      postgres.set(url, stores);
    }
    return stores;
  };
  const open: StoreOpeners = { sqlite: openSqlite, postgres: openPostgres };
  const storeTarget = parseStoreTarget(settings.store, 'store');
  const runStore = openRunStore(storeTarget, open);
  const graphTarget = settings.graph === undefined ? storeTarget : parseStoreTarget(settings.graph, 'graph');
  const lineageStore = openLineageStore(graphTarget, open);
  // Large output values (over 5 MiB of JSON unless TWINGRAPH_LARGE_VALUE_BYTES says otherwise) live here,
  // and so do queue job payloads over TWINGRAPH_MAX_PAYLOAD_BYTES (see queue-wiring.ts).
  const blobStore = awsBlobStoreFromEnv(process.env) ?? new FileSystemBlobStore({ root: join(settings.home, 'blobs') });
  const resultCache = resultCacheFromEnv(settings);
  const engine = createEngine({
    // Compiled C++/Rust components are cached per code hash under the TwinGraph home.
    executors: [
      settings.redis === undefined ? new LocalExecutor({ runtimes: createDefaultRuntimes({ cacheDir: join(settings.home, 'build') }) }) : queueExecutorFromSettings(settings, settings.redis, blobStore),
      // Docker components run in containers when Docker is configured (TWINGRAPH_DOCKER, DOCKER_HOST; see docker-wiring.ts).
      ...optional(dockerExecutorFromEnv(process.env)),
      // Lambda and Batch when AWS is configured (TWINGRAPH_AWS, AWS_REGION, TWINGRAPH_LAMBDA_*, TWINGRAPH_BATCH_*; see aws-wiring.ts).
      ...awsExecutorsFromEnv(process.env),
      // Kubernetes Jobs (TWINGRAPH_KUBECONFIG / KUBECONFIG / in-cluster; see kubernetes-wiring.ts).
      ...optional(kubernetesExecutorFromEnv(process.env)),
    ],
    runStore,
    lineageStore: lineageStore ?? null,
    cache: settings.cache,
    blobStore,
    // Level-2 result cache in Redis when workers are on (TWINGRAPH_CACHE_TTL).
    ...(resultCache === undefined ? {} : { resultCache }),
    ...largeValueBytesFromEnv(process.env),
    // ${secret:NAME} in component env/platformOptions: env, secrets file, Vault (see secret-wiring.ts).
    secrets: secretResolverFromEnv(process.env, awsSecretResolversFromEnv(process.env)),
  });
  return {
    ...engine,
    async close() {
      await engine.close();
      for (const stores of sqlite.values()) await stores.close();
      for (const stores of postgres.values()) await stores.close();
    },
  };
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

/** TWINGRAPH_LARGE_VALUE_BYTES: a positive byte count, or 'off' / 'Infinity' to keep every value inline. */
export function largeValueBytesFromEnv(env: NodeJS.ProcessEnv): { largeValueBytes?: number } {
  const text = env['TWINGRAPH_LARGE_VALUE_BYTES']?.trim();
  if (text === undefined || text === '') return {};
  if (['off', 'infinity', 'none'].includes(text.toLowerCase())) return { largeValueBytes: Number.POSITIVE_INFINITY };
  const bytes = Number(text);
  if (!Number.isInteger(bytes) || bytes <= 0) {
    throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `TWINGRAPH_LARGE_VALUE_BYTES must be a positive whole number of bytes or 'off', got '${text}'`, {
      hint: 'e.g. TWINGRAPH_LARGE_VALUE_BYTES=1048576 stores output values over 1 MiB of JSON as blobs.',
      nonRetryable: true,
    });
  }
  return { largeValueBytes: bytes };
}

/** Opens (once per path or URL) the SQL stores a target names. */
interface StoreOpeners {
  sqlite: (path: string) => SqliteStores;
  /** Connects and migrates in the background; the first store call waits for it and reports a failure. */
  postgres: (url: string) => PostgresStores;
}

function openRunStore(target: StoreTarget, open: StoreOpeners): RunStore {
  switch (target.kind) {
    case 'sqlite':
      return open.sqlite(target.path).runStore;
    case 'postgres':
      return open.postgres(target.url).runStore;
    case 'memory':
    case 'none':
      return new InMemoryRunStore();
    default:
      throw unsupported('store', target);
  }
}

function openLineageStore(target: StoreTarget, open: StoreOpeners): LineageStore | undefined {
  switch (target.kind) {
    case 'sqlite':
      return open.sqlite(target.path).lineageStore;
    case 'postgres':
      return open.postgres(target.url).lineageStore;
    case 'memory':
      return new InMemoryLineageStore();
    case 'none':
      return undefined;
    case 'gremlin':
      // The connection opens on the first write or query, so start-up does not wait for the server.
      return new GremlinLineageStore({ url: target.url, ...neptuneIamFromEnv(target.url, process.env) });
    default:
      throw unsupported('graph', target);
  }
}

/**
 * Neptune IAM signing: on for `neptune://` URLs, or for any Gremlin URL with TWINGRAPH_NEPTUNE_IAM=on;
 * the region comes from the URL's `?region=`, else AWS_REGION / AWS_DEFAULT_REGION.
 */
export function neptuneIamFromEnv(url: string, env: NodeJS.ProcessEnv): { iam?: { region?: string } | false } {
  const flag = env['TWINGRAPH_NEPTUNE_IAM']?.trim().toLowerCase();
  const on = flag === undefined || flag === '' ? url.startsWith('neptune:') : ['on', 'true', '1', 'yes'].includes(flag);
  if (!on) return url.startsWith('neptune:') ? { iam: false } : {};
  const region = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  const inUrl = url.startsWith('neptune:') && new URL(url).searchParams.has('region');
  return { iam: inUrl || region === undefined ? {} : { region } };
}

function unsupported(what: string, target: StoreTarget): TwinGraphError {
  // A Gremlin server holds the lineage graph only; runs (status, logs, resume) need a run store.
  const url = 'url' in target ? target.url : target.kind;
  return new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `The ${what} '${url}' is a graph database; it can hold the lineage graph but not the run store`, {
    hint: `Keep --store on SQLite (the default), PostgreSQL or 'memory' and pass the Gremlin URL as --graph ${url}.`,
  });
}
