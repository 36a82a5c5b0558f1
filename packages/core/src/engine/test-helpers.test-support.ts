import { createComponentDefinition, type ComponentDefinitionInput } from './component-definition.js';
import type { ComponentDefinition } from './component-definition.js';
import type { ComponentContext } from '../ports/executor.js';

/** A component definition around an in-process function, for engine tests. */
export function fnComponent(name: string, fn: (inputs: never, ctx: ComponentContext) => unknown, extra: Omit<ComponentDefinitionInput, 'spec'> = {}): ComponentDefinition {
  return createComponentDefinition({ spec: { name, platform: 'local', codeHash: name, fn, streaming: fn.constructor.name === 'AsyncGeneratorFunction' }, ...extra });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
