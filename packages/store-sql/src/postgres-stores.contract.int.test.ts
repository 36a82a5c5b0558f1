import { describeLineageStoreContract, describeRunStoreContract, describeWithService } from '@twingraph/testing';
import { isolatedPostgresStores, postgresAvailable } from './postgres-test-support.test-support.js';

// Each test gets its own schema (created and migrated by createPostgresStores, dropped by cleanup).
await describeWithService('postgres', postgresAvailable, 'SQL stores on PostgreSQL', () => {
  describeRunStoreContract('PostgresRunStore', async () => {
    const stores = await isolatedPostgresStores();
    return { store: stores.runStore, cleanup: stores.cleanup };
  });

  describeLineageStoreContract('PostgresLineageStore', async () => {
    const stores = await isolatedPostgresStores();
    return { store: stores.lineageStore, cleanup: stores.cleanup };
  });

  // Small statements and commits: the same behaviour when a batch spans several statements and commits.
  describeLineageStoreContract('PostgresLineageStore (small statements and commits)', async () => {
    const stores = await isolatedPostgresStores({ maxRowsPerStatement: 7, maxRecordsPerCommit: 50 });
    return { store: stores.lineageStore, cleanup: stores.cleanup };
  });

  describeRunStoreContract('PostgresRunStore (small statements and commits)', async () => {
    const stores = await isolatedPostgresStores({ maxRowsPerStatement: 7, maxRecordsPerCommit: 50 });
    return { store: stores.runStore, cleanup: stores.cleanup };
  });
});
