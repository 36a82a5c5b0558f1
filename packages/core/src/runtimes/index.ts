export * from './runtime-options.js';
export * from './default-runtimes.js';
export * from './python-runtime.js';
export * from './bash-runtime.js';
export * from './javascript-runtime.js';
export * from './typescript-runtime.js';
export * from './cpp-runtime.js';
export * from './rust-runtime.js';
export { OUTPUTS_MARKER, INPUTS_FILE, OUTPUTS_FILE, ENV as RUNTIME_ENV } from './protocol.js';
// For executors that run components elsewhere (containers): the same protocol, harnesses and output handling.
export * from './container-launch.js';
export { sdkFunctionModule, capturedVariablesError, type SdkFunctionModuleOptions } from './sdk-function-module.js';
export { freeIdentifiers } from './free-identifiers.js';
export { OutputCollector, type CollectedOutput, type OutputCollectorOptions } from './output-collector.js';
export { parseOutputsJson, type ParsedOutputs } from './output-parser.js';
export { LineSplitter } from './line-splitter.js';
export { componentFailedError, noOutputsError, invalidOutputsError, type ExitInfo } from './runtime-errors.js';
export { ERROR_MARKER } from './protocol.js';
