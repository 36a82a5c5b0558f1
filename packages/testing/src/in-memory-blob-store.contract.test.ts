import { InMemoryBlobStore } from '@twingraph/core';
import { describeBlobStoreContract } from './contracts/blob-store.contract.js';

describeBlobStoreContract('InMemoryBlobStore', async () => ({ store: new InMemoryBlobStore() }));
