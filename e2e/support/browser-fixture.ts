import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './e2e-paths.js';
import { RequestGuard } from './request-guard.js';

/** Debian's Chromium, headless, as DEVELOPERS.md describes (no sandbox in containers, no GPU, no background traffic). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  guard: RequestGuard;
  /** Fails on foreign requests or uncaught page errors, then closes the context. */
  close(options?: { allowPageErrors?: boolean }): Promise<void>;
}

/** A fresh context (own storage) and page, with every request watched by a RequestGuard. */
export async function openSession(browser: Browser, serverUrl: string, options: { viewport?: { width: number; height: number }; acceptDownloads?: boolean } = {}): Promise<BrowserSession> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 }, acceptDownloads: options.acceptDownloads ?? true });
  const guard = new RequestGuard(serverUrl);
  guard.attach(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return {
    context, page, guard,
    async close(closeOptions = {}) {
      try {
        guard.assertClean(closeOptions);
      } finally {
        await context.close();
      }
    },
  };
}
