import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, openSession, type BrowserSession } from './browser-fixture.js';
import { startServerFixture, type ServerFixture, type ServerFixtureOptions } from './server-fixture.js';

/** One `twingraph serve`, one browser and one page session for a test file. */
export interface BrowserApp {
  readonly server: ServerFixture;
  readonly browser: Browser;
  readonly session: BrowserSession;
}

/**
 * Registers, in the calling describe, a beforeAll that starts the server, the browser and a session,
 * and an afterAll that closes them (the session first, so its RequestGuard check runs). The returned
 * objects can be destructured at once: they read what beforeAll started when a test uses them.
 */
export function useBrowserApp(options: ServerFixtureOptions = {}): BrowserApp {
  let server: ServerFixture | undefined;
  let browser: Browser | undefined;
  let session: BrowserSession | undefined;
  beforeAll(async () => {
    server = await startServerFixture(options);
    browser = await launchBrowser();
    session = await openSession(browser, server.url);
  });
  afterAll(async () => {
    await session?.close();
    await browser?.close();
    await server?.dispose();
  });
  return { server: lateBound('server', () => server), browser: lateBound('browser', () => browser), session: lateBound('session', () => session) };
}

/** An object forwarding to what `current()` returns once beforeAll has set it. */
function lateBound<T extends object>(name: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const target = current();
      if (target === undefined) throw new Error(`useBrowserApp: the ${name} is used before beforeAll started it (use it inside a test or hook)`);
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
