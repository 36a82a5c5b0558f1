import type { RunStore } from '@twingraph/core';
import type { LineageWrite, RunStoreWrite } from '@twingraph/model';
import { describeRunStoreContract } from '@twingraph/testing';
import { createSqliteStores, type SqliteStores } from './create-sqlite-stores.js';
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

/**
 * A run store whose every node record is also written to the lineage store in the same turn, as
 * the engine does, so nodes are stored folded into their component rows wherever they match.
 */
function withLineageTwins(stores: SqliteStores): RunStore {
  const run = stores.runStore;
  let order = 0;
  return {
    write(batch: readonly RunStoreWrite[]) {
      const twins: LineageWrite[] = [];
      for (const op of batch) {
        if (op.kind !== 'node') continue;
        const n = op.node;
        twins.push({
          kind: 'component',
          vertex: {
            executionId: n.executionId, pipelineId: n.runId, name: n.name, hash: n.hash, status: n.status, platform: n.platform,
            startedAt: n.startedAt!, completedAt: n.completedAt, inputs: n.inputs!, outputs: n.outputs, error: n.error,
            attempts: n.attempts.length, codeHash: 'code', componentOrder: order++,
          },
          parents: n.parents.map((parent) => ({ child: n.executionId, parent, dataFlow: [] })),
          cachedFrom: n.cachedFrom,
        });
      }
      const written = run.write(batch);
      // A twin the lineage store refuses (a node without inputs or start time) leaves its node in `nodes`.
      if (twins.length > 0) stores.lineageStore.write(twins).catch(() => undefined);
      return written;
    },
    getRun: (id) => run.getRun(id),
    listRuns: (query) => run.listRuns(query),
    listNodes: (id) => run.listNodes(id),
    getNode: (id) => run.getNode(id),
    getLogs: (id, query) => run.getLogs(id, query),
    close: () => run.close(),
  };
}

describeRunStoreContract('SqliteRunStore (nodes folded into lineage rows)', async () => {
  const temp = createTempDatabase();
  const stores = createSqliteStores(temp.path);
  return { store: withLineageTwins(stores), cleanup: async () => { await stores.close(); temp.remove(); } };
});

describeRunStoreContract('SqliteRunStore (nodes folded into lineage rows, inline writes)', async () => {
  const temp = createTempDatabase();
  const stores = createSqliteStores(temp.path, { writeThread: false });
  return { store: withLineageTwins(stores), cleanup: async () => { await stores.close(); temp.remove(); } };
});
