import { ERROR_CODES, TwinGraphError, type DataFlow } from '@twingraph/model';
import { isComponentResult, resultOwningOutputs, type ComponentResult } from './component-result.js';
import { isStreamingCall, type ExecutionIdentity } from './streaming-call.js';

/**
 * A parent named with the exact data flow it feeds, for callers that wire ports themselves (the
 * workflow document runner: edge sourceHandle → targetHandle).
 */
export interface ParentWithDataFlow {
  readonly parent: ExecutionIdentity;
  readonly dataFlow: readonly DataFlow[];
}

/** Anything a user may name as a parent: a result, its outputs object, a streaming call, a hash / execution id, or a parent with its data flow. */
export type ParentLike = ComponentResult<unknown> | Record<string, unknown> | string | PromiseLike<unknown> | ParentWithDataFlow;

export interface ResolvedParent extends ExecutionIdentity {
  dataFlow: DataFlow[];
}

export interface ResolvedInputs {
  /** What the component receives. */
  values: Record<string, unknown>;
  /** What is hashed and recorded: streams appear as {"$stream": parentHash}. */
  recorded: Record<string, unknown>;
  parents: ResolvedParent[];
}

/** Looks up an execution of this run by hash or execution id (for string parents). */
export type IdentityLookup = (hashOrId: string) => ExecutionIdentity | undefined;

/**
 * Replaces results, outputs objects, promises and streams among the top-level inputs (and the
 * elements of top-level arrays) with their values, and collects the parents they imply plus the
 * explicit ones. Synchronous unless something must be awaited.
 */
export function resolveInputs(
  raw: Record<string, unknown>,
  explicitParents: readonly ParentLike[] | undefined,
  lookup: IdentityLookup,
): ResolvedInputs | Promise<ResolvedInputs> {
  if (needsAwait(raw, explicitParents)) return resolveAsync(raw, explicitParents, lookup);
  const collector = new ParentCollector();
  // A whole outputs object passed as the inputs (`next(previous.outputs)`) makes its result the parent.
  const owner = resultOwningOutputs(raw);
  if (owner !== undefined) collector.add(owner, { fromOutput: '*', toInput: '*' });
  // The caller's object is used as it is unless an input had to be replaced (a result → its outputs).
  let values = raw;
  for (const key in raw) {
    const value = raw[key];
    if (typeof value !== 'object' || value === null) continue;
    const unwrapped = unwrap(value, key, collector);
    if (unwrapped !== value) {
      if (values === raw) values = { ...raw };
      values[key] = unwrapped;
    }
  }
  addExplicit(collector, explicitParents, lookup);
  return { values, recorded: values, parents: collector.list() };
}

async function resolveAsync(
  raw: Record<string, unknown>,
  explicitParents: readonly ParentLike[] | undefined,
  lookup: IdentityLookup,
): Promise<ResolvedInputs> {
  const collector = new ParentCollector();
  const owner = resultOwningOutputs(raw);
  if (owner !== undefined) collector.add(owner, { fromOutput: '*', toInput: '*' });
  const values: Record<string, unknown> = {};
  let recorded: Record<string, unknown> | undefined;
  for (const key of Object.keys(raw)) {
    let value = raw[key];
    if (isStreamingCall(value)) {
      const identity = await value.started;
      collector.add(identity, { fromOutput: 'items', toInput: key });
      values[key] = value.channel.iterate();
      recorded ??= {};
      recorded[key] = { $stream: identity.hash };
      continue;
    }
    if (isThenable(value)) value = await value;
    else if (Array.isArray(value) && value.some(isThenable)) value = await Promise.all(value);
    values[key] = unwrap(value, key, collector);
    if (recorded !== undefined) recorded[key] = values[key];
  }
  const awaitedParents: ParentLike[] = [];
  for (const parent of explicitParents ?? []) {
    if (isStreamingCall(parent)) collector.add(await parent.started, undefined);
    else awaitedParents.push(isThenable(parent) ? ((await parent) as ParentLike) : parent);
  }
  addExplicit(collector, awaitedParents, lookup);
  if (recorded !== undefined) for (const key of Object.keys(values)) if (!(key in recorded)) recorded[key] = values[key];
  return { values, recorded: recorded ?? values, parents: collector.list() };
}

function needsAwait(raw: Record<string, unknown>, explicitParents: readonly ParentLike[] | undefined): boolean {
  for (const key in raw) {
    const value = raw[key];
    if (isThenable(value) || isStreamingCall(value)) return true;
    if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'object' && value.some(isThenable)) return true;
  }
  return explicitParents !== undefined && explicitParents.some((p) => isThenable(p) || isStreamingCall(p));
}

function unwrap(value: unknown, key: string, collector: ParentCollector): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (isComponentResult(value)) {
    collector.add(value, { fromOutput: '*', toInput: key });
    return value.outputs;
  }
  if (Array.isArray(value)) {
    if (value.length === 0 || typeof value[0] !== 'object') return value;
    let changed: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'object' || item === null) continue;
      if (isComponentResult(item)) {
        collector.add(item, { fromOutput: '*', toInput: key });
        changed ??= value.slice();
        changed[i] = item.outputs;
      } else {
        const owner = resultOwningOutputs(item);
        if (owner !== undefined) collector.add(owner, { fromOutput: '*', toInput: key });
      }
    }
    return changed ?? value;
  }
  const owner = resultOwningOutputs(value);
  if (owner !== undefined) collector.add(owner, { fromOutput: '*', toInput: key });
  return value;
}

function addExplicit(collector: ParentCollector, parents: readonly ParentLike[] | undefined, lookup: IdentityLookup): void {
  if (parents === undefined) return;
  for (const parent of parents) {
    if (typeof parent === 'string') {
      const identity = lookup(parent);
      if (identity === undefined) {
        throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `Parent '${parent}' is not a hash or execution id of this run`, {
          hint: 'Pass the earlier call result itself (or its hash/executionId) in parents: [...].',
          nonRetryable: true,
        });
      }
      collector.add(identity, undefined);
    } else if (isComponentResult(parent)) {
      collector.add(parent, undefined);
    } else if (typeof parent === 'object' && parent !== null && resultOwningOutputs(parent) !== undefined) {
      collector.add(resultOwningOutputs(parent)!, undefined);
    } else if (isParentWithDataFlow(parent)) {
      if (parent.dataFlow.length === 0) collector.add(parent.parent, undefined);
      for (const flow of parent.dataFlow) collector.add(parent.parent, flow);
    } else {
      throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, 'parents: [...] takes component results, their outputs, or hashes', {
        hint: 'Pass the value a component call resolved to, e.g. `const a = await add(...); multiply(..., { parents: [a] })`.',
        nonRetryable: true,
      });
    }
  }
}

const NO_PARENTS: ResolvedParent[] = [];

/** Parents by execution id; the Map is only made when there is a parent (most calls have few or none). */
class ParentCollector {
  private byId: Map<string, ResolvedParent> | undefined;

  add(identity: ExecutionIdentity, flow: DataFlow | undefined): void {
    this.byId ??= new Map();
    let parent = this.byId.get(identity.executionId);
    if (parent === undefined) {
      parent = { executionId: identity.executionId, hash: identity.hash, dataFlow: [] };
      this.byId.set(identity.executionId, parent);
    }
    if (flow !== undefined && !parent.dataFlow.some((f) => f.toInput === flow.toInput && f.fromOutput === flow.fromOutput)) {
      parent.dataFlow.push(flow);
    }
  }

  list(): ResolvedParent[] {
    return this.byId === undefined ? NO_PARENTS : [...this.byId.values()];
  }
}

function isParentWithDataFlow(value: unknown): value is ParentWithDataFlow {
  if (typeof value !== 'object' || value === null) return false;
  const { parent, dataFlow } = value as Partial<ParentWithDataFlow>;
  return Array.isArray(dataFlow) && typeof parent === 'object' && parent !== null && typeof parent.executionId === 'string' && typeof parent.hash === 'string';
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function' && !isStreamingCall(value);
}
