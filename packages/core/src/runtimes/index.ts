export * from './runtime-options.js';
export * from './default-runtimes.js';
export * from './python-runtime.js';
export * from './bash-runtime.js';
export * from './javascript-runtime.js';
export * from './typescript-runtime.js';
export * from './cpp-runtime.js';
export * from './rust-runtime.js';
export { OUTPUTS_MARKER, INPUTS_FILE, OUTPUTS_FILE, ENV as RUNTIME_ENV } from './protocol.js';
