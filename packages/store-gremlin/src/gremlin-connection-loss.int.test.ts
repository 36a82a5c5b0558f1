import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { buildChain, describeWithService } from '@twingraph/testing';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { GremlinLineageStore } from './gremlin-lineage-store.js';
import { gremlinAvailable, isolatedGremlinStore, TEST_GREMLIN_URL } from './gremlin-test-support.test-support.js';

it('fails with ERR_STORE_UNAVAILABLE naming the URL and the fix when nothing answers', async () => {
  const store = new GremlinLineageStore({ url: 'gremlin://127.0.0.1:1', maxAttempts: 2, retryInitialMs: 10 });
  try {
    const error = await store.write(buildChain(1).writes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwinGraphError);
    expect((error as TwinGraphError).code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    expect((error as TwinGraphError).message).toContain('ws://127.0.0.1:1/gremlin');
    expect((error as TwinGraphError).message).toContain('after 2 attempt(s)');
    expect((error as TwinGraphError).hint).toContain('scripts/services/gremlin.sh start');
  } finally {
    await store.close();
  }
});

/** A TCP proxy in front of the Gremlin Server whose connections the test can cut. */
function proxy(target: URL): Promise<{ server: Server; port: number; cut: () => void }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 8182) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({ server, port, cut: () => sockets.forEach((s) => s.destroy()) });
    });
  });
}

await describeWithService('gremlin', gremlinAvailable, 'GremlinLineageStore connection loss', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('reconnects after the connection drops and loses no lineage', async () => {
    const p = await proxy(new URL(TEST_GREMLIN_URL.replace(/^gremlin:/, 'http:')));
    const { store, cleanup } = isolatedGremlinStore({ url: `gremlin://127.0.0.1:${p.port}`, retryInitialMs: 20, requestTimeoutMs: 5000 });
    close = async () => {
      await cleanup();
      p.server.close();
    };
    const first = buildChain(3, { pipelineId: 'run-1' });
    await store.write(first.writes);
    p.cut();
    const second = buildChain(2, { pipelineId: 'run-2', timeOffset: 100 });
    await store.write(second.writes);
    expect((await store.statistics()).components).toBe(5);
    expect((await store.getRunGraph('run-2'))!.components).toHaveLength(2);
  });
});
