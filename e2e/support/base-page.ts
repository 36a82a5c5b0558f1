import type { Locator, Page } from 'playwright-core';
import { saveScreenshot } from './screenshots.js';

/** Polls `probe` until it returns a value that is not undefined/false, or fails with `what`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last === undefined ? '' : `: ${last instanceof Error ? last.message : JSON.stringify(last)}`}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Attributes of every element the locator matches, in document order (no browser-side code, so the
 * tests type-check without DOM types).
 */
export async function attributesOf<K extends string>(locator: Locator, names: readonly K[]): Promise<Array<Record<K, string>>> {
  const rows: Array<Record<K, string>> = [];
  const count = await locator.count();
  for (let i = 0; i < count; i++) {
    const row = {} as Record<K, string>;
    // Short timeout: an element that went away since count() fails fast instead of waiting for it.
    for (const name of names) row[name] = (await locator.nth(i).getAttribute(name, { timeout: 2_000 })) ?? '';
    rows.push(row);
  }
  return rows;
}

/**
 * Base of the page objects: hash navigation on the server's own origin and `data-testid` lookups.
 * Subclasses name the elements of one page and the actions a user takes there.
 */
export class BasePage {
  constructor(readonly page: Page, readonly serverUrl: string) {}

  /** Opens `#<hashPath>` (e.g. `/executions/abc`) and waits until the app shell rendered. */
  async open(hashPath: string): Promise<void> {
    const target = `${this.serverUrl}/#${hashPath.startsWith('/') ? hashPath : `/${hashPath}`}`;
    if (this.page.url().startsWith(this.serverUrl) && this.page.url() !== 'about:blank') {
      await this.page.evaluate(`window.location.hash = ${JSON.stringify(`#${hashPath}`)}`);
    } else {
      await this.page.goto(target);
    }
    await this.testId('app').waitFor();
  }

  testId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** Waits until the element is visible and returns it. */
  async visible(id: string, timeoutMs?: number): Promise<Locator> {
    const locator = this.testId(id);
    await locator.first().waitFor({ state: 'visible', ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }) });
    return locator;
  }

  /** The element's text once it matches `pattern`. */
  async textMatching(locator: Locator, pattern: RegExp, timeoutMs?: number): Promise<string> {
    return eventually(`${locator.toString()} to match ${pattern}`, async () => {
      const text = (await locator.textContent()) ?? '';
      return pattern.test(text) ? text : undefined;
    }, timeoutMs);
  }

  /** artifacts/screenshots/<name>.png */
  screenshot(name: string): Promise<string> {
    return saveScreenshot(this.page, name);
  }
}
