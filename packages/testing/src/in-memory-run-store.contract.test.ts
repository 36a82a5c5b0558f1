import { InMemoryRunStore } from '@twingraph/core';
import { describeRunStoreContract } from './contracts/run-store.contract.js';

describeRunStoreContract('InMemoryRunStore', async () => ({ store: new InMemoryRunStore() }));
