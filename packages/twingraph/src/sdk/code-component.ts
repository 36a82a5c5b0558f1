import { componentOptionsSchema, ERROR_CODES, LANGUAGES, parseOptions, TwinGraphError, type ComponentOptions, type Language } from '@twingraph/model';
import { createComponentDefinition, sha256Hex, type CallOptions, type ComponentDefinition, type ComponentResult } from '@twingraph/core';
import { currentRun } from './current-run.js';
import { registerComponent } from './component-registry.js';

export interface CodeComponentOptions extends Omit<ComponentOptions, 'name' | 'git'> {
  name: string;
  /** python, javascript, typescript, bash, cpp or rust. */
  language: Language;
  /** The source, following the component runtime protocol of its language (packages/core/src/runtimes/README.md). */
  code: string;
}

/** A component whose body is code in a supported language, run through the language runtimes. */
export interface CodeComponent<I = Record<string, unknown>, O = Record<string, unknown>> {
  (inputs: I, options?: CallOptions): Promise<ComponentResult<O>>;
  readonly componentName: string;
  readonly language: Language;
  readonly definition: ComponentDefinition;
}

/**
 * Defines a component from code in another language, as a workflow document's code node: Python,
 * JavaScript and TypeScript define `process(inputs)`, Bash reads `INPUT_<NAME>`, C++ and Rust read
 * JSON on stdin. Call it inside a pipeline like any component (it runs in a child process).
 *
 * @example
 * const double = codeComponent({ name: 'double', language: 'python', code: 'def process(inputs):\n    return {"n": inputs["n"] * 2}' });
 */
export function codeComponent<I = Record<string, unknown>, O = Record<string, unknown>>(options: CodeComponentOptions): CodeComponent<I, O> {
  const { language, code, ...rest } = options;
  if (!(LANGUAGES as readonly string[]).includes(language) || typeof code !== 'string') {
    throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `codeComponent '${options.name}' needs a language (${LANGUAGES.join(', ')}) and code`, {
      hint: 'Pass { name, language: "python", code: "def process(inputs): ..." }.',
    });
  }
  const parsed = parseOptions(componentOptionsSchema, rest, `codeComponent '${options.name}'`);
  const platform = parsed.platform ?? (parsed.docker === true ? 'docker' : 'local');
  const attributes = parsed.additionalAttributes === undefined && parsed.labels === undefined ? undefined :
    { ...parsed.additionalAttributes, ...(parsed.labels === undefined ? {} : { labels: parsed.labels }) };
  const definition = createComponentDefinition({
    spec: {
      name: options.name,
      platform,
      // Same code hash as the equivalent document node, so both record the same identity.
      codeHash: sha256Hex(code),
      language,
      code,
      ...(parsed.image === undefined ? {} : { image: parsed.image }),
      ...(parsed.env === undefined ? {} : { env: parsed.env }),
      ...(parsed.resources === undefined ? {} : { resources: parsed.resources }),
      ...(parsed.platformOptions === undefined ? {} : { platformOptions: parsed.platformOptions }),
    },
    ...(parsed.retry === undefined ? {} : { retry: parsed.retry }),
    ...(parsed.timeoutMs === undefined ? {} : { timeoutMs: parsed.timeoutMs }),
    ...(parsed.cache === undefined ? {} : { cache: parsed.cache }),
    ...(attributes === undefined ? {} : { attributes }),
  });
  const name = options.name;
  const call = (inputs: I, callOptions?: CallOptions): Promise<ComponentResult<O>> => {
    try {
      return currentRun(name).call<O>(definition, inputs as Record<string, unknown>, callOptions);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const handle = Object.assign(call, { componentName: name, language, definition });
  Object.defineProperty(handle, 'name', { value: name });
  registerComponent(definition);
  return handle;
}
