// A real server process for the restart tests: SQLite stores and workflow files under argv[2], auth off
// on loopback, a random port printed as `LISTENING <url>` on stdout. Run with
// `node --conditions=source --import tsx restart-server.fixture.ts <dir>`; stopped with SIGTERM or SIGKILL.
import { join } from 'node:path';
import { createDefaultRuntimes, createEngine, LocalExecutor } from '@twingraph/core';
import { createSqliteStores } from '@twingraph/store-sql';
import { createServer } from './create-server.js';
import { FileWorkflowStore } from './workflows/file-workflow-store.js';

const dir = process.argv[2]!;
// Inline writes: the writer thread evaluates its own function source, which tsx's transform breaks
// (built code, as `twingraph serve` runs, uses the thread).
const stores = createSqliteStores(join(dir, 'twingraph.db'), { writeThread: false });
const engine = createEngine({
  executors: [new LocalExecutor({ runtimes: createDefaultRuntimes({ cacheDir: join(dir, 'build') }) })],
  runStore: stores.runStore,
  lineageStore: stores.lineageStore,
});
const server = await createServer({ engine, workflowStore: new FileWorkflowStore({ dir: join(dir, 'workflows') }), auth: { mode: 'off' }, logger: { level: 'warn' } });
const address = await server.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`LISTENING ${address}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => engine.close()).then(() => stores.close()).then(() => process.exit(0));
});
