import { afterEach, beforeEach } from 'vitest';

/** What a binding hands a contract suite for one test. */
export interface ContractSubject {
  /** Releases what the factory made (close the store, drop the temp DB or namespace). */
  cleanup?: () => Promise<void> | void;
}

/**
 * Registers beforeEach/afterEach hooks that build a fresh subject for every test and clean it up
 * afterwards, and returns an accessor for the current one. Call inside a `describe` block.
 */
export function useFreshSubject<T extends ContractSubject>(factory: () => Promise<T>, fallbackCleanup: (subject: T) => Promise<void>): () => T {
  let current: T | undefined;
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(async () => {
    const subject = current;
    current = undefined;
    if (subject === undefined) return;
    if (subject.cleanup !== undefined) await subject.cleanup();
    else await fallbackCleanup(subject);
  });
  return () => {
    if (current === undefined) throw new Error('Contract subject used outside of a test');
    return current;
  };
}
