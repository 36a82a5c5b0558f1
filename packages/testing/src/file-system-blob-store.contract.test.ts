import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemBlobStore } from '@twingraph/core';
import { describeBlobStoreContract } from './contracts/blob-store.contract.js';

describeBlobStoreContract('FileSystemBlobStore', async () => {
  const root = mkdtempSync(join(tmpdir(), 'twingraph-blobs-'));
  const store = new FileSystemBlobStore({ root });
  return {
    store,
    corrupt: async (ref) => writeFileSync(store.pathOf(ref), 'tampered'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
});
