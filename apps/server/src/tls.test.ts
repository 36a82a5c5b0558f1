import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from './server.test-support.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasOpenssl())('HTTPS and WSS', () => {
  let t: TestServer | undefined;
  afterEach(async () => t?.cleanup());

  it('serves the API over HTTPS and events over WSS with the given key and certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twingraph-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const key = readFileSync(join(dir, 'key.pem'));
    const cert = readFileSync(join(dir, 'cert.pem'));
    rmSync(dir, { recursive: true, force: true });
    t = await startTestServer({ https: { key, cert }, auth: { mode: 'off' } });
    const base = await t.server.listen({ port: 0, host: '127.0.0.1' });
    expect(base.startsWith('https://')).toBe(true);
    const status = await new Promise<number>((resolve, reject) => {
      request(`${base}/health`, { ca: cert }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject).end();
    });
    expect(status).toBe(200);
    const reply = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(`${base.replace('https', 'wss')}/ws`, { ca: cert });
      ws.once('open', () => ws.send(JSON.stringify({ type: 'ping' })));
      ws.once('message', (data: Buffer) => {
        ws.close();
        resolve(data.toString('utf8'));
      });
      ws.once('error', reject);
    });
    expect(JSON.parse(reply)).toMatchObject({ type: 'pong' });
  });
});
