import type { CachePolicy, GitProvenance, RetryPolicy } from '@twingraph/model';
import type { ComponentSpec } from '../ports/executor.js';
import { componentIdentityHash } from './content-hash.js';
import { resolveRetryPolicy, type ResolvedRetryPolicy } from './retry-policy.js';

/** A component as the engine runs it: what to execute plus its policies, resolved once. */
export interface ComponentDefinition {
  readonly spec: ComponentSpec;
  readonly identityHash: string;
  readonly retry: ResolvedRetryPolicy;
  /** Per attempt, ms. */
  readonly timeoutMs: number | undefined;
  readonly cache: { enabled: boolean; ttlMs?: number };
  /** additionalAttributes and labels recorded on every vertex of this component. */
  readonly attributes: Record<string, unknown> | undefined;
  /** Resolved lazily once (git blame is slow) and recorded on the vertex. */
  readonly provenance: (() => Promise<GitProvenance | undefined>) | undefined;
}

export interface ComponentDefinitionInput {
  spec: ComponentSpec;
  retry?: RetryPolicy;
  timeoutMs?: number;
  cache?: CachePolicy;
  attributes?: Record<string, unknown>;
  provenance?: () => Promise<GitProvenance | undefined>;
}

export function createComponentDefinition(input: ComponentDefinitionInput): ComponentDefinition {
  const cache = input.cache === undefined || input.cache === false ? { enabled: false } :
    input.cache === true ? { enabled: true } :
    { enabled: input.cache.enabled ?? true, ...(input.cache.ttlMs === undefined ? {} : { ttlMs: input.cache.ttlMs }) };
  return {
    spec: input.spec,
    identityHash: componentIdentityHash(input.spec),
    retry: resolveRetryPolicy(input.retry),
    timeoutMs: input.timeoutMs,
    cache,
    attributes: input.attributes,
    provenance: input.provenance === undefined ? undefined : once(input.provenance),
  };
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= fn());
}
