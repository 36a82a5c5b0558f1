import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildChain } from '@twingraph/testing';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { GremlinLineageStore } from './gremlin-lineage-store.js';

function listen(server: Server | HttpServer): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve(typeof address === 'object' && address !== null ? address.port : 0);
  }));
}

async function failure(store: GremlinLineageStore): Promise<{ error: TwinGraphError; ms: number }> {
  const started = Date.now();
  const error = (await store.write(buildChain(1).writes).catch((e: unknown) => e)) as TwinGraphError;
  expect(error).toBeInstanceOf(TwinGraphError);
  expect(error.code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
  return { error, ms: Date.now() - started };
}

describe('GremlinLineageStore against endpoints that are not a working Gremlin Server', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  const store = (url: string): GremlinLineageStore => {
    const s = new GremlinLineageStore({ url, maxAttempts: 3, retryInitialMs: 10, connectTimeoutMs: 300 });
    cleanups.push(() => s.close());
    return s;
  };

  it('a server that accepts connections and never answers: fails after the connect timeout, no hang', async () => {
    const sockets = new Set<Socket>();
    const silent = createTcpServer((socket) => sockets.add(socket));
    const port = await listen(silent);
    cleanups.push(() => {
      sockets.forEach((s) => s.destroy());
      silent.close();
    });
    const { error, ms } = await failure(store(`gremlin://127.0.0.1:${port}`));
    expect(error.message).toContain('no WebSocket handshake within 300 ms');
    expect(error.message).toContain('after 3 attempt(s)');
    expect(ms).toBeLessThan(5000);
  });

  it('an HTTP server that is not Gremlin (404 on the upgrade): fails at once, pointing at the path', async () => {
    const web = createHttpServer((_req, res) => res.writeHead(404).end('not here'));
    const port = await listen(web);
    cleanups.push(() => void web.close());
    const { error } = await failure(store(`ws://127.0.0.1:${port}/gremlin`));
    expect(error.message).toContain('Unexpected server response code 404');
    expect(error.message).toContain('after 1 attempt(s)');
    expect(error.hint).toContain('/gremlin');
    expect(error.nonRetryable).toBe(true);
  });

  it('TLS to a plain port: fails at once saying to use ws:// or gremlin://', async () => {
    const web = createHttpServer((_req, res) => res.writeHead(200).end('plain'));
    const port = await listen(web);
    cleanups.push(() => void web.close());
    const { error } = await failure(store(`wss://127.0.0.1:${port}/gremlin`));
    expect(error.hint).toContain('plain WebSocket');
    expect(error.message).toContain('after 1 attempt(s)');
  });

  it('a TLS certificate the client does not trust: fails at once naming the certificate', async (context) => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
    } catch {
      context.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'twingraph-tls-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const tls = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.writeHead(404).end());
    const port = await listen(tls);
    cleanups.push(() => void tls.close());
    const { error } = await failure(store(`wss://127.0.0.1:${port}/gremlin`));
    expect(error.message).toMatch(/self[- ]signed certificate/i);
    expect(error.hint).toContain('NODE_EXTRA_CA_CERTS');
    expect(error.message).toContain('after 1 attempt(s)');
  });
});
