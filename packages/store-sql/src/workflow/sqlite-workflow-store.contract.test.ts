import { describeWorkflowStoreContract } from '@twingraph/testing';
import { createSqliteStores } from '../create-sqlite-stores.js';
import { createTempDatabase } from '../temp-database.test-support.js';
import { createSqliteWorkflowStore } from './create-workflow-stores.js';

// Sharing the database handle of the run and lineage stores, as `twingraph serve` does.
describeWorkflowStoreContract('SqlWorkflowStore (SQLite)', () => {
  const temp = createTempDatabase();
  const stores = createSqliteStores(temp.path);
  const store = createSqliteWorkflowStore(stores.database);
  return Promise.resolve({
    store,
    cleanup: async () => {
      await store.close();
      await stores.close();
      temp.remove();
    },
  });
});

describeWorkflowStoreContract('SqlWorkflowStore (SQLite, own connection)', () => {
  const temp = createTempDatabase();
  const store = createSqliteWorkflowStore(temp.path);
  return Promise.resolve({ store, cleanup: async () => { await store.close(); temp.remove(); } });
});
