import { ERROR_CODES, TwinGraphError, type ComponentNode } from '@twingraph/model';
import { createComponentDefinition, type ComponentDefinition } from '../engine/component-definition.js';
import { sha256Hex } from '../engine/content-hash.js';
import type { ComponentFunction } from '../ports/executor.js';

/**
 * The engine definition of a component node. The vertex name is the node id (prefixed inside
 * sub-workflows), so it is unique in the run; the display name goes to attributes.nodeName.
 */
export function componentNodeDefinition(id: string, node: ComponentNode, extraAttributes: Record<string, unknown> = {}): ComponentDefinition {
  const attributes: Record<string, unknown> = {
    ...node.additionalAttributes,
    ...(node.name === undefined ? {} : { nodeName: node.name }),
    ...extraAttributes,
  };
  return createComponentDefinition({
    spec: {
      name: id,
      platform: node.platform,
      // The implementation: code, or image + command for container nodes.
      codeHash: sha256Hex(node.code ?? `${node.image ?? ''}\u0000${(node.command ?? []).join('\u0000')}`),
      ...(node.language === undefined ? {} : { language: node.language }),
      ...(node.code === undefined ? {} : { code: node.code }),
      ...(node.image === undefined ? {} : { image: node.image }),
      ...(node.command === undefined ? {} : { command: node.command }),
      ...(node.env === undefined ? {} : { env: node.env }),
      ...(node.resources === undefined ? {} : { resources: node.resources }),
      ...(node.platformOptions === undefined ? {} : { platformOptions: node.platformOptions }),
    },
    ...(node.retry === undefined ? {} : { retry: node.retry }),
    ...(node.timeoutMs === undefined ? {} : { timeoutMs: node.timeoutMs }),
    ...(node.cache === undefined ? {} : { cache: node.cache }),
    ...(Object.keys(attributes).length === 0 ? {} : { attributes }),
  });
}

/**
 * An in-process definition for what the runner itself computes (a condition) or must record for a
 * control node (map, loop, sub-workflow) that was skipped, cancelled or failed before any body ran.
 */
export function controlDefinition(id: string, kind: string, identity: string, fn: ComponentFunction, attributes: Record<string, unknown> = {}): ComponentDefinition {
  return createComponentDefinition({
    spec: { name: id, platform: 'local', codeHash: sha256Hex(`${kind}\u0000${identity}`), fn },
    attributes: { nodeType: kind, ...attributes },
  });
}

/** A control definition whose only run fails with `error` (so the failure is recorded on a vertex). */
export function failingDefinition(id: string, kind: string, error: TwinGraphError): ComponentDefinition {
  return controlDefinition(id, kind, `failure:${error.message}`, () => {
    throw error;
  });
}

/** The error of a control node (map, loop) that cannot proceed. */
export function controlError(id: string, message: string, hint: string, details: Record<string, unknown> = {}): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `Node '${id}': ${message}`, { hint, details: { node: id, ...details }, nonRetryable: true });
}

/** Same definition with the cache off: a record of a node that never ran must not be served from the cache. */
export function withoutCache(definition: ComponentDefinition): ComponentDefinition {
  return definition.cache.enabled ? { ...definition, cache: { enabled: false } } : definition;
}
