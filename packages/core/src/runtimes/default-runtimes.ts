import type { CodeRuntime } from '../executors/local-executor.js';
import { BashRuntime } from './bash-runtime.js';
import { CppRuntime } from './cpp-runtime.js';
import { JavaScriptRuntime } from './javascript-runtime.js';
import { PythonRuntime } from './python-runtime.js';
import { resolveRuntimeOptions, type RuntimeOptions } from './runtime-options.js';
import { RustRuntime } from './rust-runtime.js';
import { TypeScriptRuntime } from './typescript-runtime.js';

/**
 * One runtime per supported language (python, bash, javascript, typescript, cpp, rust), sharing the
 * options: `new LocalExecutor({ runtimes: createDefaultRuntimes() })`. Interpreters and compilers are
 * looked up when a component first needs them, so missing ones only fail those components.
 */
export function createDefaultRuntimes(options: RuntimeOptions = {}): CodeRuntime[] {
  const resolved = resolveRuntimeOptions(options);
  return [
    new PythonRuntime(resolved),
    new BashRuntime(resolved),
    new JavaScriptRuntime(resolved),
    new TypeScriptRuntime(resolved),
    new CppRuntime(resolved),
    new RustRuntime(resolved),
  ];
}
