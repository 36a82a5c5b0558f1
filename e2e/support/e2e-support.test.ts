import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasePage } from './base-page.js';
import { launchBrowser, openSession } from './browser-fixture.js';
import { describeE2E } from './describe-e2e.js';
import { RequestGuard } from './request-guard.js';
import { startServerFixture, type ServerFixture } from './server-fixture.js';

describe('RequestGuard', () => {
  it('accepts the server origin (HTTP and WebSocket) and local schemes, reports every other host', () => {
    const guard = new RequestGuard('http://127.0.0.1:4123');
    for (const url of ['http://127.0.0.1:4123/', 'http://127.0.0.1:4123/assets/index.js', 'ws://127.0.0.1:4123/ws?token=x', 'data:image/png;base64,AA', 'blob:http://127.0.0.1:4123/abc']) guard.record(url);
    expect(guard.foreign).toEqual([]);
    for (const url of ['https://fonts.googleapis.com/css', 'http://127.0.0.1:4124/api', 'http://localhost:4123/', 'wss://telemetry.example/ws']) guard.record(url);
    expect(guard.foreign).toEqual(['https://fonts.googleapis.com/css', 'http://127.0.0.1:4124/api', 'http://localhost:4123/', 'wss://telemetry.example/ws']);
    expect(() => guard.assertClean()).toThrow(/air-gapped[\s\S]*fonts\.googleapis\.com/);
  });
});

describeE2E('browser test infrastructure', () => {
  let server: ServerFixture;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServerFixture();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('serves the built app from twingraph serve, catches a request to another host, saves a screenshot', async () => {
    const session = await openSession(browser, server.url);
    const app = new BasePage(session.page, server.url);
    await app.open('/');
    await app.visible('app');
    expect(session.guard.requests.some((u) => u.startsWith(`${server.url}/`))).toBe(true);
    expect(session.guard.foreign).toEqual([]);

    const file = await app.screenshot('e2e-support-smoke');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).subarray(1, 4).toString('latin1')).toBe('PNG');
    rmSync(file);

    // A request the app must never make: the guard sees it even when it fails.
    await session.page.evaluate("fetch('http://127.0.0.2:9/telemetry').catch(() => undefined)");
    await expect.poll(() => session.guard.foreign).toEqual(['http://127.0.0.2:9/telemetry']);
    await expect(session.close()).rejects.toThrow(/127\.0\.0\.2:9\/telemetry/);
  });

  it('stops and starts the server on the same port and home', async () => {
    await server.stop();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    await server.start();
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
