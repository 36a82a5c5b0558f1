import { describeRunStoreContract } from '@twingraph/testing';
import { createSqliteStores } from './create-sqlite-stores.js';
import { createTempDatabase } from './temp-database.test-support.js';

// Bound through createSqliteStores, so the run store is exercised sharing its file with a lineage store.
describeRunStoreContract('SqliteRunStore', async () => {
  const temp = createTempDatabase();
  const stores = createSqliteStores(temp.path);
  return { store: stores.runStore, cleanup: async () => { await stores.close(); temp.remove(); } };
});

// The same, committing on the caller's thread instead of the writer thread.
describeRunStoreContract('SqliteRunStore (inline writes)', async () => {
  const temp = createTempDatabase();
  const stores = createSqliteStores(temp.path, { writeThread: false });
  return { store: stores.runStore, cleanup: async () => { await stores.close(); temp.remove(); } };
});
