import type { BrowserContext, Page, Request, WebSocket } from 'playwright-core';

/** Schemes that never leave the browser. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'chrome-extension:', 'chrome:', 'devtools:']);

/**
 * Records every request and WebSocket a page makes and reports those to any host but the server:
 * the app must work air-gapped (no CDN, web fonts or telemetry). Also records uncaught page errors.
 */
export class RequestGuard {
  readonly requests: string[] = [];
  readonly foreign: string[] = [];
  readonly pageErrors: string[] = [];
  private readonly allowedOrigins: Set<string>;

  constructor(serverUrl: string) {
    const origin = new URL(serverUrl);
    this.allowedOrigins = new Set([origin.origin, `${origin.protocol === 'https:' ? 'wss:' : 'ws:'}//${origin.host}`]);
  }

  /** Watches every page of the context, present and future. */
  attach(context: BrowserContext): void {
    context.on('request', (request: Request) => this.record(request.url()));
    const watch = (page: Page): void => {
      page.on('websocket', (ws: WebSocket) => this.record(ws.url()));
      page.on('pageerror', (error: Error) => this.pageErrors.push(`${error.name}: ${error.message}`));
    };
    context.pages().forEach(watch);
    context.on('page', watch);
  }

  record(url: string): void {
    this.requests.push(url);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      this.foreign.push(url);
      return;
    }
    if (LOCAL_SCHEMES.has(parsed.protocol)) return;
    if (!this.allowedOrigins.has(`${parsed.protocol}//${parsed.host}`)) this.foreign.push(url);
  }

  /** Throws when the page contacted another host or threw an uncaught error. */
  assertClean(options: { allowPageErrors?: boolean } = {}): void {
    const problems: string[] = [];
    if (this.foreign.length > 0) problems.push(`requests to hosts other than the server (the app must work air-gapped):\n  ${[...new Set(this.foreign)].join('\n  ')}`);
    if (options.allowPageErrors !== true && this.pageErrors.length > 0) problems.push(`uncaught errors in the page:\n  ${this.pageErrors.join('\n  ')}`);
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }
}
