import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWorkflowStoreContract } from '@twingraph/testing';
import { FileWorkflowStore } from './file-workflow-store.js';

describeWorkflowStoreContract('FileWorkflowStore (in memory)', () => Promise.resolve({ store: new FileWorkflowStore() }));

describeWorkflowStoreContract('FileWorkflowStore (JSON files)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twingraph-workflows-'));
  return Promise.resolve({ store: new FileWorkflowStore({ dir }), cleanup: () => rmSync(dir, { recursive: true, force: true }) });
});
