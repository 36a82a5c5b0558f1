import { AsyncLocalStorage } from 'node:async_hooks';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import type { RunSession } from '@twingraph/core';

// Shared through globalThis so a second copy of this module (bundlers, loaders) sees the same run.
const STORAGE_KEY = Symbol.for('twingraph.currentRun');
const globalSlot = globalThis as unknown as Record<symbol, AsyncLocalStorage<RunSession> | undefined>;
const storage: AsyncLocalStorage<RunSession> = (globalSlot[STORAGE_KEY] ??= new AsyncLocalStorage<RunSession>());

/** Runs `fn` with `session` as the run that component calls inside it belong to. */
export function withRun<T>(session: RunSession, fn: () => T): T {
  return storage.run(session, fn);
}

export function currentRun(componentName: string): RunSession {
  const session = storage.getStore();
  if (session !== undefined) return session;
  throw new TwinGraphError(ERROR_CODES.NO_ACTIVE_RUN, `Component '${componentName}' was called outside a pipeline run`, {
    hint: 'Call components inside a pipeline(...) function and run that pipeline; to unit-test the function itself, call `myComponent.fn(inputs)`.',
    nonRetryable: true,
  });
}
