// Test helper shared by the SQLite and PostgreSQL store tests (excluded from the build by the *.test-support.ts pattern).
import { expect } from 'vitest';
import { TwinGraphError } from '@twingraph/model';

/** Runs `fn` and returns the TwinGraphError it throws (or rejects with); fails when it throws nothing or something else. */
export async function errorOf(fn: () => unknown): Promise<TwinGraphError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TwinGraphError);
    return error as TwinGraphError;
  }
  throw new Error('expected an error');
}
