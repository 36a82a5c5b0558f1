import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import type { ExecutionOutcome, ExecutionRequest } from '../ports/executor.js';
import { withProcessExport } from './javascript-harness.js';
import { JAVASCRIPT_WORKER_HARNESS } from './javascript-worker-harness.js';
import { JavaScriptWorkerPool, type PoolJob, type WorkerOutcome } from './javascript-worker-pool.js';
import { OutputCollector } from './output-collector.js';
import { parseOutputsJson } from './output-parser.js';
import { ENV } from './protocol.js';
import { componentFailedError, invalidOutputsError, missingCodeError, noOutputsError } from './runtime-errors.js';
import type { ResolvedRuntimeOptions } from './runtime-options.js';

/** Turns component code (with the `process` export added) into ES module text: identity for JS, type stripping for TS. */
export type ModuleTransform = (component: string, code: string) => Promise<string>;

/** A top-level `process` function or arrow (`function process(`, `async function process<T>(`, `const process =`). */
const DEFINES_PROCESS = /(?:\bfunction\s*\*?\s*process\s*[<(])|(?:\b(?:const|let|var)\s+process\s*(?::[^=]+)?=)/;

/**
 * The warm path of the JavaScript/TypeScript runtimes (`isolation: 'worker'`): each distinct code is
 * transformed and written once (`<cacheDir>/js-modules/<sha256>.mjs`), loaded once per worker, and
 * each execution is one call of its `process(inputs)`. Code without a `process` function is a
 * script that reports outputs itself (marker line, outputs.json in its work dir): it runs through
 * the child-process path, which gives it a work dir and a fresh process.
 */
export class JavaScriptWorkerIsolation {
  private pool: JavaScriptWorkerPool | undefined;
  private harness: Promise<string> | undefined;
  /** Module URL per code, or null for scripts (process path); filled once the module file is written. */
  private readonly ready = new Map<string, string | null>();
  private readonly pending = new Map<string, Promise<string | null>>();
  private nextId = 0;

  constructor(
    private readonly options: ResolvedRuntimeOptions,
    private readonly transform: ModuleTransform,
  ) {}

  execute(request: ExecutionRequest, viaProcess: (request: ExecutionRequest) => Promise<ExecutionOutcome>): Promise<ExecutionOutcome> {
    const { component } = request;
    const code = component.code;
    if (code === undefined) return Promise.reject(missingCodeError(component.name, component.language ?? 'none'));
    const url = this.ready.get(code);
    if (url === null) return viaProcess(request);
    if (url !== undefined) return this.run(request, url, viaProcess);
    return this.prepare(component.name, code).then((prepared) => (prepared === null ? viaProcess(request) : this.run(request, prepared, viaProcess)));
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }

  private prepare(name: string, code: string): Promise<string | null> {
    let pending = this.pending.get(code);
    if (pending === undefined) {
      pending = (async () => {
        const url = DEFINES_PROCESS.test(code) ? await this.writeModule(await this.transform(name, withProcessExport(code))) : null;
        this.ready.set(code, url);
        this.pending.delete(code);
        return url;
      })();
      this.pending.set(code, pending);
      pending.catch(() => this.pending.delete(code));
    }
    return pending;
  }

  private async writeModule(text: string): Promise<string> {
    const dir = join(this.options.cacheDir, 'js-modules');
    const path = join(dir, `${createHash('sha256').update(text).digest('hex')}.mjs`);
    // Content-addressed: an existing file already holds this text.
    const exists = await stat(path).then(() => true, () => false);
    if (!exists) {
      await mkdir(dir, { recursive: true });
      const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, text);
      await rename(temp, path);
    }
    return pathToFileURL(path).href;
  }

  private async getPool(): Promise<JavaScriptWorkerPool> {
    this.harness ??= this.writeModule(JAVASCRIPT_WORKER_HARNESS).then((url) => new URL(url).pathname);
    const harness = await this.harness;
    this.pool ??= new JavaScriptWorkerPool({
      harness,
      size: this.options.workers,
      maxBatch: this.options.workerBatch,
      onLog: (job, stream, line) => collectorOf(job).onLine(stream, line),
    });
    return this.pool;
  }

  private run(request: ExecutionRequest, url: string, viaProcess: (request: ExecutionRequest) => Promise<ExecutionOutcome>): Promise<ExecutionOutcome> {
    const pool = this.pool;
    if (pool === undefined) return this.getPool().then(() => this.run(request, url, viaProcess));
    return new Promise<ExecutionOutcome>((resolve, reject) => {
      const job: PoolJob = {
        request,
        message: { id: ++this.nextId, module: url, inputs: request.inputs, env: this.envFor(request) },
        state: undefined,
        settle: (outcome) => {
          if (outcome.kind === 'script') {
            this.ready.set(request.component.code!, null);
            viaProcess(request).then(resolve, reject);
            return;
          }
          try {
            resolve(toOutcome(request, outcome, job.state as OutputCollector | undefined));
          } catch (error) {
            reject(error);
          }
        },
        fail: reject,
        onAbort: undefined,
      };
      pool.submit(job);
    });
  }

  private envFor(request: ExecutionRequest): Record<string, string> {
    return {
      ...this.options.env,
      [ENV.runId]: request.runId,
      [ENV.executionId]: request.executionId,
      [ENV.component]: request.component.name,
      [ENV.attempt]: String(request.attempt),
      ...request.component.env,
    };
  }
}

function collectorOf(job: PoolJob): OutputCollector {
  if (job.state === undefined) job.state = new OutputCollector((stream, line) => job.request.log(stream, line), { jsonStdout: false });
  return job.state as OutputCollector;
}

function toOutcome(request: ExecutionRequest, outcome: WorkerOutcome, collector: OutputCollector | undefined): ExecutionOutcome {
  const name = request.component.name;
  const metadata = { language: request.component.language, isolation: 'worker' };
  switch (outcome.kind) {
    case 'done': {
      if (outcome.outputs !== undefined) return { outputs: JSON.parse(outcome.outputs) as Record<string, unknown>, metadata };
      return { outputs: markerOutputs(name, collector), metadata: { ...metadata, outputsSource: 'marker' } };
    }
    case 'invalid':
      throw new TwinGraphError(outcome.code, `Component '${name}': ${outcome.message}`, {
        hint: 'Return a plain object of JSON values from process(inputs).',
        nonRetryable: true,
      });
    case 'threw': {
      for (const line of (outcome.error.stack ?? `${outcome.error.name}: ${outcome.error.message}`).split('\n')) request.log('stderr', line);
      throw new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `Component '${name}' failed: ${outcome.error.name}: ${outcome.error.message}`, {
        hint: "Read the component's log (the stack trace is there); fix the code or its inputs.",
        details: { error: { name: outcome.error.name, message: outcome.error.message }, logTail: [...(collector?.tail ?? [])] },
      });
    }
    case 'crashed': {
      if (outcome.error === undefined) {
        if (outcome.exitCode === 0) return { outputs: markerOutputs(name, collector), metadata: { ...metadata, outputsSource: 'marker' } };
        throw componentFailedError(name, { exitCode: outcome.exitCode, signal: null, logTail: collector?.tail ?? [] });
      }
      throw new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `Component '${name}' crashed its worker: ${outcome.error.message}`, {
        hint: 'An error escaped process(inputs) (a callback or timer threw, or memory ran out). Await your async work inside process(), or run with isolation: \'process\'.',
        details: { error: { name: outcome.error.name, message: outcome.error.message }, logTail: [...(collector?.tail ?? [])] },
        cause: outcome.error,
      });
    }
    case 'script':
      throw new TwinGraphError(ERROR_CODES.INTERNAL, `Component '${name}' was not run`, {});
  }
}

/** process(inputs) returned nothing: the outputs may still be on a marker line it printed. */
function markerOutputs(name: string, collector: OutputCollector | undefined): Record<string, unknown> {
  const marker = collector?.result.marker;
  if (marker === undefined) throw noOutputsError(name);
  const parsed = parseOutputsJson(marker);
  if (!parsed.ok) throw invalidOutputsError(name, 'marker line', parsed.problem, marker);
  return parsed.value;
}
