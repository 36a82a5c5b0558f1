import {
  componentOptionsSchema,
  isPlatform,
  parseOptions,
  PLATFORMS,
  ERROR_CODES,
  TwinGraphError,
  type ComponentOptions,
} from '@twingraph/model';
import {
  createComponentDefinition,
  sha256Hex,
  type CallOptions,
  type ComponentContext,
  type ComponentDefinition,
  type ComponentResult,
  type StreamingCall,
} from '@twingraph/core';
import { currentRun } from './current-run.js';
import { gitProvenance } from './git-provenance.js';
import { callerLocation } from './source-location.js';
import { registerComponent } from './component-registry.js';

/** An input may be given as its value, a promise of it, or (for object inputs) an earlier result. */
export type InputArg<T> =
  | T
  | PromiseLike<T>
  | (T extends object ? ComponentResult<T> | PromiseLike<ComponentResult<T>> : never);

export type ComponentArgs<I> = { [K in keyof I]: InputArg<I[K]> };

interface ComponentBase<I> {
  readonly componentName: string;
  readonly options: Readonly<ComponentOptions>;
  readonly definition: ComponentDefinition;
  /** The function itself, for unit tests outside a run. */
  readonly fn: (inputs: I, context: ComponentContext) => unknown;
}

/** A component: call it inside a pipeline to run it and record it. */
export interface Component<I, O> extends ComponentBase<I> {
  (inputs: ComponentArgs<I>, options?: CallOptions): Promise<ComponentResult<O>>;
}

/** A component written as an async generator: its items can be consumed while it runs. */
export interface StreamingComponent<I, T> extends ComponentBase<I> {
  (inputs: ComponentArgs<I>, options?: CallOptions): StreamingCall<T>;
}

type Fn<I, R> = (inputs: I, context: ComponentContext) => R;

/**
 * Defines a component from a function of its inputs object. The function returns an object of
 * outputs (or a promise of one), or is an async generator that streams items.
 *
 * @example
 * const add = component({ name: 'add' }, ({ input_1, input_2 }: { input_1: number; input_2: number }) => ({ sum: input_1 + input_2 }));
 */
export function component<I, T>(options: ComponentOptions, fn: Fn<I, AsyncGenerator<T, unknown, undefined>>): StreamingComponent<I, T>;
export function component<I, O extends object>(options: ComponentOptions, fn: Fn<I, O | Promise<O>>): Component<I, O>;
export function component<I, O extends object>(fn: Fn<I, O | Promise<O>>): Component<I, O>;
export function component(optionsOrFn: ComponentOptions | Fn<never, unknown>, maybeFn?: Fn<never, unknown>): unknown {
  const location = callerLocation();
  const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
  const rawOptions = typeof optionsOrFn === 'function' ? {} : optionsOrFn;
  if (typeof fn !== 'function') {
    throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, 'component(options, fn) needs a function as its last argument', {
      hint: 'Pass the function that computes the outputs, e.g. component({ name: "add" }, ({ a, b }) => ({ sum: a + b })).',
    });
  }
  const name = rawOptions.name ?? (fn.name === '' ? undefined : fn.name);
  if (rawOptions.platform !== undefined && !isPlatform(rawOptions.platform)) {
    throw new TwinGraphError(ERROR_CODES.UNKNOWN_PLATFORM, `Component '${name ?? '(anonymous)'}' names an unknown platform '${String(rawOptions.platform)}'`, {
      hint: `Use one of: ${PLATFORMS.join(', ')}.`,
      details: { platform: rawOptions.platform },
    });
  }
  const options = parseOptions(componentOptionsSchema, { ...rawOptions, ...(name === undefined ? {} : { name }) }, `component '${name ?? '(anonymous)'}'`);
  if (options.name === undefined) {
    throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, 'A component needs a name', {
      hint: 'Pass { name: "..." } or use a named function.',
    });
  }
  const platform = options.platform ?? (options.docker === true ? 'docker' : 'local');
  const streaming = fn.constructor.name === 'AsyncGeneratorFunction';
  const attributes = options.additionalAttributes === undefined && options.labels === undefined ? undefined :
    { ...options.additionalAttributes, ...(options.labels === undefined ? {} : { labels: options.labels }) };
  const definition = createComponentDefinition({
    spec: {
      name: options.name,
      platform,
      codeHash: sha256Hex(fn.toString()),
      fn,
      streaming,
      ...(options.image === undefined ? {} : { image: options.image }),
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.resources === undefined ? {} : { resources: options.resources }),
      ...(options.platformOptions === undefined ? {} : { platformOptions: options.platformOptions }),
    },
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.cache === undefined ? {} : { cache: options.cache }),
    ...(attributes === undefined ? {} : { attributes }),
    ...(options.git === true && location !== undefined ? { provenance: () => gitProvenance(location) } : {}),
  });
  const componentName = options.name;
  const call = streaming
    ? (inputs: Record<string, unknown>, callOptions?: CallOptions) => currentRun(componentName).callStreaming(definition, inputs, callOptions)
    : (inputs: Record<string, unknown>, callOptions?: CallOptions) => {
        try {
          return currentRun(componentName).call(definition, inputs, callOptions);
        } catch (error) {
          return Promise.reject(error);
        }
      };
  const handle = Object.assign(call, { componentName, options: Object.freeze(options), definition, fn });
  Object.defineProperty(handle, 'name', { value: componentName });
  registerComponent(definition);
  return handle;
}
