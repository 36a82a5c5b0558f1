import { describeWorkflowStoreContract, describeWithService } from '@twingraph/testing';
import { dropSchema, postgresAvailable, TEST_POSTGRES_URL, uniqueSchema } from '../postgres-test-support.test-support.js';
import { createPostgresWorkflowStore } from './create-workflow-stores.js';

await describeWithService('postgres', postgresAvailable, 'SqlWorkflowStore on PostgreSQL', () => {
  describeWorkflowStoreContract('SqlWorkflowStore (PostgreSQL)', () => {
    const schema = uniqueSchema('wf');
    const store = createPostgresWorkflowStore(TEST_POSTGRES_URL, { schema });
    return Promise.resolve({
      store,
      cleanup: async () => {
        await store.close();
        await dropSchema(schema);
      },
    });
  });
});
