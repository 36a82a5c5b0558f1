import { InMemoryLineageStore } from '@twingraph/core';
import { describeLineageStoreContract } from './contracts/lineage-store.contract.js';

describeLineageStoreContract('InMemoryLineageStore', async () => ({ store: new InMemoryLineageStore() }));
