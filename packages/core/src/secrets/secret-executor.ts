import { isTwinGraphError, TwinGraphError } from '@twingraph/model';
import type { ComponentSpec, ExecutionOutcome, ExecutionRequest, Executor } from '../ports/executor.js';
import type { SecretMasker } from './secret-masker.js';
import { findSecretReferences, resolveSecretReferences } from './secret-references.js';
import type { SecretResolver } from './secret-resolver.js';

/**
 * Wraps an engine executor: resolves `${secret:NAME}` in the component's `env` and `platformOptions`
 * just before each attempt (the definition, hash and records keep the reference text), and masks every
 * secret value the engine knows in what comes back: log lines, streamed items, outputs and errors.
 * A component with no reference runs its request untouched while no secret was ever resolved. An inner
 * executor that `forwardsSecretReferences` (queue workers) gets the references; its remote side resolves
 * and masks them (a queue worker wraps its own executor in a SecretExecutor).
 */
export class SecretExecutor implements Executor {
  readonly platform: Executor['platform'];
  readonly forwardsSecretReferences: boolean;
  /** Specs known to hold no reference (checked once per definition, not per attempt). */
  private readonly plain = new WeakSet<ComponentSpec>();

  constructor(readonly inner: Executor, private readonly resolver: SecretResolver | undefined, private readonly masker: SecretMasker) {
    this.platform = inner.platform;
    this.forwardsSecretReferences = inner.forwardsSecretReferences === true;
  }

  execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const spec = request.component;
    const references = this.inner.forwardsSecretReferences !== true && !this.plain.has(spec) && (findSecretReferences(spec.env).length > 0 || findSecretReferences(spec.platformOptions).length > 0);
    if (!references) this.plain.add(spec);
    if (!references && this.masker.empty) return this.inner.execute(request);
    return this.run(request, references);
  }

  private async run(request: ExecutionRequest, references: boolean): Promise<ExecutionOutcome> {
    const { masker } = this;
    let component = request.component;
    if (references) {
      const context = `component '${component.name}'`;
      const lookup = { masker, context, signal: request.signal };
      const env = component.env === undefined ? undefined : await resolveSecretReferences(component.env, this.resolver, lookup);
      const platformOptions = component.platformOptions === undefined ? undefined : await resolveSecretReferences(component.platformOptions, this.resolver, lookup);
      component = { ...component, ...(env === undefined ? {} : { env }), ...(platformOptions === undefined ? {} : { platformOptions }) };
    }
    const masked: ExecutionRequest = {
      runId: request.runId,
      executionId: request.executionId,
      attempt: request.attempt,
      component,
      inputs: request.inputs,
      signal: request.signal,
      ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
      log: (stream, line) => request.log(stream, masker.mask(line)),
      ...(request.emitItem === undefined ? {} : { emitItem: (item: unknown) => request.emitItem!(masker.maskDeep(item)) }),
    };
    let outcome: ExecutionOutcome;
    try {
      outcome = await this.inner.execute(masked);
    } catch (error) {
      throw maskError(error, masker);
    }
    return { ...outcome, outputs: masker.maskDeep(outcome.outputs), ...(outcome.metadata === undefined ? {} : { metadata: masker.maskDeep(outcome.metadata) }) };
  }

  healthCheck(): Promise<void> {
    return this.inner.healthCheck?.() ?? Promise.resolve();
  }

  close(): Promise<void> {
    return this.inner.close?.() ?? Promise.resolve();
  }
}

/** The same error with every secret value in its message, hint, details and stack replaced by `***`. */
export function maskError(error: unknown, masker: SecretMasker): unknown {
  if (masker.empty || typeof error !== 'object' || error === null) return typeof error === 'string' ? masker.mask(error) : error;
  if (isTwinGraphError(error)) {
    const message = masker.mask(error.message);
    const hint = error.hint === undefined ? undefined : masker.mask(error.hint);
    const details = masker.maskDeep(error.details);
    if (message === error.message && hint === error.hint && details === error.details && masker.mask(error.stack ?? '') === (error.stack ?? '')) return error;
    const copy = new TwinGraphError(error.code, message, { category: error.category, details, nonRetryable: error.nonRetryable, ...(hint === undefined ? {} : { hint }) });
    if (error.stack !== undefined) copy.stack = masker.mask(error.stack);
    return copy;
  }
  if (error instanceof Error) {
    const message = masker.mask(error.message);
    const stack = error.stack === undefined ? undefined : masker.mask(error.stack);
    if (message === error.message && stack === error.stack) return error;
    const copy = new Error(message);
    copy.name = error.name;
    if (stack !== undefined) copy.stack = stack;
    // Fields executors attach (exitCode, stderr...) are copied masked.
    for (const [key, value] of Object.entries(error)) (copy as unknown as Record<string, unknown>)[key] = masker.maskDeep(value);
    return copy;
  }
  return masker.maskDeep(error);
}
