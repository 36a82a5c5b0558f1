/** What a component call resolves to. */
export interface ComponentResult<O = Record<string, unknown>> {
  readonly outputs: O;
  /** Merkle lineage key: same hash, same computation. */
  readonly hash: string;
  readonly executionId: string;
}

// Symbol.for, so results stay recognisable when two copies of this module are loaded.
const RESULT_BRAND = Symbol.for('twingraph.componentResult');
const OUTPUTS_OWNER = Symbol.for('twingraph.outputsOwner');

class Result<O> implements ComponentResult<O> {
  constructor(
    readonly outputs: O,
    readonly hash: string,
    readonly executionId: string,
  ) {}
}
// On the prototype: branding each result with defineProperty cost more than the rest of it.
Object.defineProperty(Result.prototype, RESULT_BRAND, { value: true });

export function createComponentResult<O extends object>(outputs: O, hash: string, executionId: string): ComponentResult<O> {
  const result = new Result(outputs, hash, executionId);
  // Marks the outputs object so passing `result.outputs` on infers the parent too.
  if (!Object.isFrozen(outputs)) Object.defineProperty(outputs, OUTPUTS_OWNER, { value: result, configurable: true });
  return result;
}

export function isComponentResult(value: unknown): value is ComponentResult {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[RESULT_BRAND] === true;
}

/** The result whose `outputs` this object is, if any. */
export function resultOwningOutputs(value: object): ComponentResult | undefined {
  return (value as Record<symbol, ComponentResult | undefined>)[OUTPUTS_OWNER];
}
