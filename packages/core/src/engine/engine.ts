import type { Platform } from '@twingraph/model';
import type { BlobStore } from '../ports/blob-store.js';
import type { Executor } from '../ports/executor.js';
import type { LineageStore } from '../ports/lineage-store.js';
import type { RunStore } from '../ports/run-store.js';
import type { ResultCache } from '../ports/result-cache.js';
import { InMemoryLineageStore } from '../memory/in-memory-lineage-store.js';
import { InMemoryRunStore } from '../memory/in-memory-run-store.js';
import { InMemoryBlobStore } from '../memory/in-memory-blob-store.js';
import { LargeValues } from '../blobs/large-values.js';
import { LocalExecutor } from '../executors/local-executor.js';
import { EventBus, type RunEventListener } from './event-bus.js';
import { RecordWriter, type RecordWriterOptions } from './record-writer.js';
import { resolveRunDefinition, type RunDefinition } from './run-definition.js';
import { RunSession } from './run-session.js';
import { SecretExecutor } from '../secrets/secret-executor.js';
import { SecretMasker } from '../secrets/secret-masker.js';
import type { SecretResolver } from '../secrets/secret-resolver.js';
import { loadResumableRun, ResumeLedger } from './resume-ledger.js';

export interface EngineOptions {
  /** Executors by platform. A LocalExecutor is added when none is given for 'local'. */
  executors?: readonly Executor[];
  /** null keeps no run records (ephemeral runs, benchmarks). @defaultValue a new InMemoryRunStore */
  runStore?: RunStore | null;
  /** null turns lineage off. @defaultValue a new InMemoryLineageStore */
  lineageStore?: LineageStore | null;
  /** Where output values over `largeValueBytes` are kept (large data). @defaultValue a new InMemoryBlobStore */
  blobStore?: BlobStore;
  /**
   * An output value whose JSON is over this many bytes is stored in the blob store and passed as
   * `{"$ref": "blob://sha256/<hex>", "size": n}`; components receive the value itself.
   * `Infinity` turns this off. @defaultValue 5 MiB (`DEFAULT_LARGE_VALUE_BYTES`)
   */
  largeValueBytes?: number;
  /** Global cache switch; components still opt in. @defaultValue true */
  cache?: boolean;
  /**
   * Level-2 result cache asked before the lineage store's `findCached` (e.g. RedisResultCache, shared by
   * every driver on one Redis); filled from lineage hits and, when a run finishes, from its results.
   * @defaultValue none (the lineage store only)
   */
  resultCache?: ResultCache;
  writer?: RecordWriterOptions;
  /**
   * Resolves `${secret:NAME}` in component `env`/`platformOptions` at each attempt. Without one, a
   * reference fails the component with ERR_SECRET_NOT_FOUND. @defaultValue none
   */
  secrets?: SecretResolver;
  /** Masks resolved secret values; share one to mask them elsewhere too (server responses). @defaultValue a new SecretMasker */
  secretMasker?: SecretMasker;
}

export interface Engine {
  /** Where runs are recorded; an InMemoryRunStore that is never written when records are off. */
  readonly runStore: RunStore;
  readonly lineageStore: LineageStore | undefined;
  readonly blobStore: BlobStore | undefined;
  /** Every secret value resolved by this engine's runs, for masking what leaves it (API, logs). */
  readonly secretMasker: SecretMasker;
  /** Events of every run of this engine. */
  on(listener: RunEventListener): () => void;
  startRun(definition: RunDefinition): Promise<RunSession>;
  /**
   * Continues an interrupted (or failed / cancelled) run under its own id: the caller runs the same
   * pipeline on the returned session again, and every component call whose hash the run already
   * finished is reused with its execution id and outputs instead of running; the rest run and are
   * recorded once. `definition.inputs` defaults to the inputs the run recorded. Needs the run store
   * that recorded the run. Rejects with ERR_NOT_FOUND for an unknown run, ERR_USAGE for a run that
   * already succeeded.
   */
  resumeRun(runId: string, definition: RunDefinition): Promise<RunSession>;
  executor(platform: Platform): Executor | undefined;
  /** Closes executors and stores. */
  close(): Promise<void>;
}

export function createEngine(options: EngineOptions = {}): Engine {
  const secretMasker = options.secretMasker ?? new SecretMasker();
  const executors = new Map<string, Executor>();
  // Every executor resolves secret references and masks secret values in what it returns.
  const wrap = (executor: Executor): Executor => new SecretExecutor(executor, options.secrets, secretMasker);
  for (const executor of options.executors ?? []) executors.set(executor.platform, wrap(executor));
  if (!executors.has('local')) executors.set('local', wrap(new LocalExecutor()));
  const recordRuns = options.runStore !== null;
  const runStore = options.runStore ?? new InMemoryRunStore();
  const lineageStore = options.lineageStore === null ? undefined : (options.lineageStore ?? new InMemoryLineageStore());
  const bus = new EventBus();
  const cache = options.cache ?? true;
  const blobStore: BlobStore = options.blobStore ?? new InMemoryBlobStore();
  const largeValues = options.largeValueBytes === Number.POSITIVE_INFINITY ? undefined : new LargeValues(blobStore, options.largeValueBytes);

  return {
    runStore,
    lineageStore,
    blobStore,
    secretMasker,
    on: (listener) => bus.on(listener),
    executor: (platform) => executors.get(platform),
    async startRun(definition) {
      const session = new RunSession({
        definition: resolveRunDefinition(definition, cache),
        executors,
        lineageStore,
        writer: new RecordWriter(recordRuns ? runStore : undefined, lineageStore, options.writer),
        parentBus: bus,
        largeValues,
        resultCache: options.resultCache,
      });
      await session.begin();
      return session;
    },
    async resumeRun(runId, definition) {
      const run = await loadResumableRun(runStore, runId);
      const ledger = await ResumeLedger.load(runId, recordRuns ? runStore : undefined, lineageStore);
      const session = new RunSession({
        definition: resolveRunDefinition({
          ...definition, runId,
          ...(definition.inputs === undefined && run.inputs !== undefined ? { inputs: run.inputs } : {}),
          ...(definition.source === undefined && run.source !== undefined ? { source: run.source } : {}),
          ...(definition.labels === undefined && run.labels !== undefined ? { labels: run.labels } : {}),
        }, cache),
        executors,
        lineageStore,
        writer: new RecordWriter(recordRuns ? runStore : undefined, lineageStore, options.writer),
        parentBus: bus,
        largeValues,
        resultCache: options.resultCache,
        resume: { ledger, startedAt: run.startedAt },
      });
      await session.begin();
      return session;
    },
    async close() {
      for (const executor of executors.values()) await executor.close?.();
      await options.secrets?.close?.();
      await runStore.close();
      if (lineageStore !== undefined && (lineageStore as unknown) !== (runStore as unknown)) await lineageStore.close();
      await blobStore.close?.();
      await options.resultCache?.close?.();
    },
  };
}
