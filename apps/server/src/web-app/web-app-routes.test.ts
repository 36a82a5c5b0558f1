import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server.test-support.js';

describe('web app served by the API server', () => {
  let built: TestServer;
  let missing: TestServer;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'twingraph-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>TwinGraph</title><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    built = await startTestServer({ webApp: { root } });
    missing = await startTestServer({ webApp: { root: join(root, 'nope') } });
  });
  afterAll(async () => {
    await built.cleanup();
    await missing.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / without credentials, revalidated on every load', async () => {
    const res = await built.server.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<div id="root">');
  });

  it('caches hashed assets as immutable', async () => {
    const res = await built.server.app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body).toBe('console.log(1)');
  });

  it('answers deep links with index.html (SPA fallback)', async () => {
    const res = await built.server.app.inject({ method: 'GET', url: '/designer/some-workflow' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root">');
  });

  it('keeps unknown API paths and missing assets as 404s, not the app', async () => {
    for (const url of ['/api/nope', '/graphql/x', '/docs/nope', '/ws/x', '/health/x', '/metrics/x']) {
      const res = await built.server.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json<{ code: string }>().code, url).toBe('ERR_ROUTE_NOT_FOUND');
    }
    const asset = await built.server.app.inject({ method: 'GET', url: '/assets/gone-123.js' });
    expect(asset.statusCode).toBe(404);
    expect(asset.body).not.toContain('<div id="root">');
  });

  it('still protects the API (the fallback does not open it)', async () => {
    const res = await built.server.app.inject({ method: 'GET', url: '/api/workflows' });
    expect(res.statusCode).toBe(401);
  });

  it('does not leave the root through ../ or malformed escapes', async () => {
    for (const url of ['/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/%E0%A4%A']) {
      const res = await built.server.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.body, url).not.toContain('root:');
    }
  });

  it('says how to build the app when it is not built (404 page, never a 5xx)', async () => {
    const res = await missing.server.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('npm run build');
    const api = await missing.server.app.inject({ method: 'GET', url: '/api/nope' });
    expect(api.json<{ code: string }>().code).toBe('ERR_ROUTE_NOT_FOUND');
  });
});
