import { describeLineageStoreContract } from '@twingraph/testing';
import { SqliteLineageStore } from './lineage/sqlite-lineage-store.js';
import { createTempDatabase } from './temp-database.test-support.js';

describeLineageStoreContract('SqliteLineageStore', async () => {
  const temp = createTempDatabase();
  const store = new SqliteLineageStore(temp.path);
  return { store, cleanup: async () => { await store.close(); temp.remove(); } };
});

// The same, committing on the caller's thread instead of the writer thread.
describeLineageStoreContract('SqliteLineageStore (inline writes)', async () => {
  const temp = createTempDatabase();
  const store = new SqliteLineageStore(temp.path, { writeThread: false });
  return { store, cleanup: async () => { await store.close(); temp.remove(); } };
});
