import type { ComponentDefinition } from '@twingraph/core';

// Components defined in this process, by name: what a queue worker can run for a job naming one.
const REGISTRY_KEY = Symbol.for('twingraph.componentRegistry');
const slot = globalThis as unknown as Record<symbol, Map<string, ComponentDefinition> | undefined>;
const registry: Map<string, ComponentDefinition> = (slot[REGISTRY_KEY] ??= new Map<string, ComponentDefinition>());

export function registerComponent(definition: ComponentDefinition): void {
  registry.set(definition.spec.name, definition);
}

export function registeredComponent(name: string): ComponentDefinition | undefined {
  return registry.get(name);
}

export function registeredComponentNames(): string[] {
  return [...registry.keys()];
}
