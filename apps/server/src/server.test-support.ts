import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDefaultRuntimes, createEngine, InMemoryLineageStore, InMemoryRunStore, LocalExecutor, type Engine, type EngineOptions } from '@twingraph/core';
import { hashPassword } from './auth/password-hash.js';
import { createServer, type TwinGraphServer } from './create-server.js';
import type { ServerOptions } from './server-options.js';
import { FileWorkflowStore } from './workflows/file-workflow-store.js';

export const DEMO_11 = 'examples/demo-11-designer-workflow/workflow.json';

export interface TestServer {
  server: TwinGraphServer;
  engine: Engine;
  dir: string;
  cleanup(): Promise<void>;
}

/**
 * A server on an engine with in-memory stores and only the local executor: a docker node falls back
 * to the local runtime, as with TWINGRAPH_DOCKER=off (demo 11's own test does the same).
 */
export async function startTestServer(overrides: Partial<ServerOptions> = {}, engineOptions: EngineOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'twingraph-server-'));
  const engine = createEngine({
    executors: [new LocalExecutor({ runtimes: createDefaultRuntimes({ cacheDir: join(dir, 'build') }) })],
    runStore: new InMemoryRunStore(),
    lineageStore: new InMemoryLineageStore(),
    ...engineOptions,
  });
  const server = await createServer({
    engine,
    workflowStore: new FileWorkflowStore({ dir: join(dir, 'workflows') }),
    logger: false,
    auth: {
      jwtSecret: 'test-secret-test-secret-test-secret-0123',
      users: [
        { username: 'ada', passwordHash: hashPassword('ada-pass'), roles: ['admin'] },
        { username: 'eve', passwordHash: hashPassword('eve-pass'), roles: ['editor'] },
        { username: 'vic', passwordHash: hashPassword('vic-pass'), roles: ['viewer'] },
      ],
      apiKeys: [{ name: 'ci', key: 'tg_ci_key_0123456789', roles: ['editor'] }],
    },
    ...overrides,
  });
  return {
    server, engine, dir,
    async cleanup() {
      await server.close();
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A bearer header for one of the test users. */
export async function loginAs(server: TwinGraphServer, username: 'ada' | 'eve' | 'vic'): Promise<{ authorization: string }> {
  const res = await server.app.inject({ method: 'POST', url: '/api/auth/token', payload: { username, password: `${username}-pass` } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
}
