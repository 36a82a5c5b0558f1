import { ERROR_CODES } from '@twingraph/model';
import { ERROR_MARKER, INPUTS_FILE, OUTPUTS_MARKER } from './protocol.js';

/** File names inside the work dir's `.twingraph/` folder. */
export const JAVASCRIPT_FILES = { harness: 'twingraph-harness.mjs', component: 'component.mjs' } as const;

/** Name under which the component module re-exports its `process` function (see `withProcessExport`). */
export const PROCESS_EXPORT = '__twingraph_process';

/**
 * Makes the component's top-level `process` (exported or not, function or const) reachable by the
 * harness. At module top level `process` names the user's binding when there is one and Node's global
 * object otherwise, so this line works for every component and needs no parsing.
 */
export function withProcessExport(code: string): string {
  return `${code}\n;export const ${PROCESS_EXPORT} = typeof process === 'function' ? process : undefined;\n`;
}

/**
 * Runs `component.mjs` (an ES module; `require` is provided): awaits `process(inputs)` and prints the
 * returned object on the marker line, then exits even if timers or sockets are left open. Without a
 * `process` function the module is a script that reports outputs itself.
 */
export const JAVASCRIPT_HARNESS = `\
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const componentFile = join(dirname(fileURLToPath(import.meta.url)), ${JSON.stringify(JAVASCRIPT_FILES.component)});
const done = (line) => process.stdout.write(line + '\\n', () => process.exit(line.startsWith(${JSON.stringify(ERROR_MARKER)}) ? 1 : 0));
const reportError = (code, message) => done(${JSON.stringify(ERROR_MARKER)} + JSON.stringify({ code, message, nonRetryable: true }));

const inputs = JSON.parse(readFileSync(join(process.env.TWINGRAPH_WORK_DIR, ${JSON.stringify(INPUTS_FILE)}), 'utf8'));
globalThis.require ??= createRequire(componentFile);
const component = await import(pathToFileURL(componentFile).href);
const fn = component.${PROCESS_EXPORT};
if (typeof fn === 'function') {
  const result = await fn(inputs);
  if (result === undefined) {
    process.exit(0);
  } else if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    reportError(${JSON.stringify(ERROR_CODES.INVALID_OUTPUTS)}, 'process(inputs) must return an object of outputs, got ' + (result === null ? 'null' : Array.isArray(result) ? 'an array' : typeof result));
  } else {
    let text;
    try {
      text = JSON.stringify(result);
    } catch (error) {
      reportError(${JSON.stringify(ERROR_CODES.NON_SERIALIZABLE)}, 'the outputs of process(inputs) are not JSON-serializable: ' + (error instanceof Error ? error.message : String(error)));
    }
    if (text !== undefined) done(${JSON.stringify(OUTPUTS_MARKER)} + text);
  }
}
`;
