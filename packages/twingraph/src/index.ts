export { component, type Component, type StreamingComponent, type ComponentArgs, type InputArg } from './sdk/component.js';
export { codeComponent, type CodeComponent, type CodeComponentOptions } from './sdk/code-component.js';
export { pipeline, isPipeline, type Pipeline, type PipelineRun, type PipelineRunOptions } from './sdk/pipeline.js';
export { registeredComponent, registeredComponentNames } from './sdk/component-registry.js';
export { getDefaultEngine, closeDefaultEngines, createWiredEngine } from './wiring/default-engine.js';
export { mergeSettings, settingsFromEnv, loadConfigFile, type TwinGraphSettings } from './wiring/twingraph-config.js';
export type { ComponentContext, ComponentResult, StreamingCall, CallOptions, RunSummary, Engine } from '@twingraph/core';
export type { ComponentOptions, PipelineOptions, RunEvent, ComponentVertex, PipelineVertex, LineageGraph } from '@twingraph/model';
export { TwinGraphError, ERROR_CODES } from '@twingraph/model';
