import type { WebSocketConstructor } from './web-socket-like.js';

/** How the client authenticates: a bearer token (JWT from `POST /api/auth/token`) or an API key. */
export type TokenSource = string | (() => string | undefined);

export interface ClientOptions {
  /**
   * The server's address, e.g. `http://127.0.0.1:4000`. In a browser an empty string means the page's
   * own origin. @defaultValue '' (same origin)
   */
  baseUrl?: string;
  /** Bearer token sent as `Authorization: Bearer …` (and as `?token=` on the WebSocket). */
  token?: TokenSource;
  /**
   * API key sent as `X-API-Key`. The WebSocket cannot carry headers in browsers, so the client exchanges
   * the key for a token once before connecting.
   */
  apiKey?: string;
  /** fetch implementation. @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
  /** WebSocket constructor; required in Node 20 (e.g. `import WebSocket from 'ws'`). @defaultValue globalThis.WebSocket */
  WebSocket?: WebSocketConstructor;
  /** Milliseconds before a request fails with ERR_REQUEST_TIMEOUT. @defaultValue 30_000 */
  timeoutMs?: number;
  /** Extra headers on every request. @defaultValue {} */
  headers?: Record<string, string>;
}

export interface ResolvedClientOptions {
  baseUrl: string;
  token: TokenSource | undefined;
  apiKey: string | undefined;
  fetch: typeof fetch;
  WebSocket: WebSocketConstructor | undefined;
  timeoutMs: number;
  headers: Record<string, string>;
}

export function resolveClientOptions(options: ClientOptions = {}): ResolvedClientOptions {
  const globalWs = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  return {
    baseUrl: (options.baseUrl ?? '').replace(/\/+$/, ''),
    token: options.token,
    apiKey: options.apiKey,
    fetch: fetchImpl,
    WebSocket: options.WebSocket ?? globalWs,
    timeoutMs: options.timeoutMs ?? 30_000,
    headers: options.headers ?? {},
  };
}
