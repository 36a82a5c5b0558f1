import { describe } from 'vitest';
import type { LineageStore } from '@twingraph/core';
import { useFreshSubject, type ContractSubject } from './contract-harness.js';
import { lineageExportCases } from './lineage-store-export.cases.js';
import { lineageQueryCases } from './lineage-store-query.cases.js';
import { lineageTraversalCases } from './lineage-store-traversal.cases.js';
import { lineageWriteCases } from './lineage-store-write.cases.js';

export interface LineageStoreSubject extends ContractSubject {
  /** An empty store, used by one test only. */
  store: LineageStore;
}

/** Builds a fresh, empty store (own namespace / temp DB) for each test. */
export type LineageStoreFactory = () => Promise<LineageStoreSubject>;

/**
 * The LineageStore contract (DESIGN.md §4): every backend binds it, e.g.
 * `describeLineageStoreContract('InMemoryLineageStore', async () => ({ store: new InMemoryLineageStore() }))`.
 * Without `cleanup`, the suite closes the store after each test.
 */
export function describeLineageStoreContract(name: string, factory: LineageStoreFactory): void {
  describe(`LineageStore contract: ${name}`, () => {
    const subject = useFreshSubject(factory, (s) => s.store.close());
    const store = (): LineageStore => subject().store;
    describe('writes', () => lineageWriteCases(store));
    describe('run graph and traversal', () => lineageTraversalCases(store));
    describe('queries, statistics and clear', () => lineageQueryCases(store));
    describe('export', () => lineageExportCases(store));
  });
}
