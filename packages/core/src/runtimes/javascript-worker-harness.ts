import { ERROR_CODES } from '@twingraph/model';

/** Messages a warm JavaScript worker posts; numbers keep the per-message cost down. */
export const WORKER_MESSAGE = { log: 0, done: 1, threw: 2, script: 3, invalid: 4 } as const;

/** One execution as sent to a worker (several may share one message). */
export interface WorkerJob {
  id: number;
  /** file: URL of the component module (one file per code hash). */
  module: string;
  inputs: Record<string, unknown>;
  /** TWINGRAPH_* variables and `component.env`, set in the worker's `process.env` for the call. */
  env: Record<string, string>;
}

export type WorkerMessage =
  | { t: typeof WORKER_MESSAGE.log; id: number; s: 0 | 1; line: string }
  /** `outputs`: the JSON text of what process(inputs) returned; absent when it returned undefined. */
  | { t: typeof WORKER_MESSAGE.done; id: number; outputs?: string }
  | { t: typeof WORKER_MESSAGE.threw; id: number; error: { name: string; message: string; stack?: string } }
  | { t: typeof WORKER_MESSAGE.script; id: number }
  | { t: typeof WORKER_MESSAGE.invalid; id: number; code: string; message: string };

/**
 * The worker thread's module (ESM). It loads each component module once (import() caches by URL),
 * runs the jobs of a message one after the other, and turns console/stdout/stderr writes into log
 * messages on the same port, so they arrive in order with the result and name their execution.
 */
export const JAVASCRIPT_WORKER_HARNESS = `\
import { parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

const nodeProcess = globalThis.process;
const post = (message) => parentPort.postMessage(message);
let current = -1;
const partial = ['', ''];
function write(s, text) {
  text = partial[s] + text;
  let start = 0;
  let nl;
  while ((nl = text.indexOf('\\n', start)) !== -1) {
    post({ t: ${WORKER_MESSAGE.log}, id: current, s, line: text.slice(start, nl) });
    start = nl + 1;
  }
  partial[s] = text.slice(start);
}
function flush() {
  for (const s of [0, 1]) {
    if (partial[s] !== '') post({ t: ${WORKER_MESSAGE.log}, id: current, s, line: partial[s] });
    partial[s] = '';
  }
}
console.log = console.info = console.debug = (...args) => write(0, format(...args) + '\\n');
console.warn = console.error = (...args) => write(1, format(...args) + '\\n');
for (const [s, stream] of [[0, nodeProcess.stdout], [1, nodeProcess.stderr]]) {
  stream.write = (chunk, encoding, callback) => {
    write(s, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') nodeProcess.nextTick(done);
    return true;
  };
}

const modules = new Map();
function load(url) {
  let fn = modules.get(url);
  if (fn === undefined) {
    globalThis.require ??= createRequire(fileURLToPath(url));
    fn = import(url).then((m) => (typeof m.__twingraph_process === 'function' ? m.__twingraph_process : null));
    modules.set(url, fn);
  }
  return fn;
}

function describe(error) {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'NonError', message: String(error) };
}

async function run(job) {
  const saved = {};
  for (const key in job.env) {
    saved[key] = nodeProcess.env[key];
    nodeProcess.env[key] = job.env[key];
  }
  current = job.id;
  try {
    const fn = await load(job.module);
    if (fn === null) return post({ t: ${WORKER_MESSAGE.script}, id: job.id });
    const result = await fn(job.inputs);
    flush();
    if (result === undefined) return post({ t: ${WORKER_MESSAGE.done}, id: job.id });
    if (typeof result !== 'object' || result === null || Array.isArray(result)) {
      return post({ t: ${WORKER_MESSAGE.invalid}, id: job.id, code: ${JSON.stringify(ERROR_CODES.INVALID_OUTPUTS)}, message: 'process(inputs) must return an object of outputs, got ' + (result === null ? 'null' : Array.isArray(result) ? 'an array' : typeof result) });
    }
    let text;
    try {
      text = JSON.stringify(result);
    } catch (error) {
      return post({ t: ${WORKER_MESSAGE.invalid}, id: job.id, code: ${JSON.stringify(ERROR_CODES.NON_SERIALIZABLE)}, message: 'the outputs of process(inputs) are not JSON-serializable: ' + describe(error).message });
    }
    post({ t: ${WORKER_MESSAGE.done}, id: job.id, outputs: text });
  } catch (error) {
    flush();
    post({ t: ${WORKER_MESSAGE.threw}, id: job.id, error: describe(error) });
  } finally {
    for (const key in saved) {
      if (saved[key] === undefined) delete nodeProcess.env[key];
      else nodeProcess.env[key] = saved[key];
    }
  }
}

parentPort.on('message', async (jobs) => {
  for (const job of jobs) await run(job);
  current = -1;
});
`;
