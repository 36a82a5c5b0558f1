import { apiErrorSchema } from '@twingraph/protocol';
import { CLIENT_ERROR_CODES, ClientError } from './client-error.js';
import type { ResolvedClientOptions } from './client-options.js';

export type QueryValue = string | number | boolean | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Parse the body as text instead of JSON (Prometheus `/metrics`). */
  text?: boolean;
  /** Resolve (instead of throwing) for these statuses, e.g. 503 of `/health`. */
  acceptStatus?: number[];
}

/** One fetch per call: auth headers, JSON bodies, timeouts, and every failure as a ClientError. */
export class HttpTransport {
  /** Token used when the options give none (set by login()). */
  private sessionToken: string | undefined;

  constructor(private readonly options: ResolvedClientOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  setToken(token: string | undefined): void {
    this.sessionToken = token;
  }

  /** The bearer token now in force, if any. */
  currentToken(): string | undefined {
    const source = this.options.token;
    const fromOptions = typeof source === 'function' ? source() : source;
    return fromOptions ?? this.sessionToken;
  }

  authHeaders(): Record<string, string> {
    const token = this.currentToken();
    if (token !== undefined && token !== '') return { authorization: `Bearer ${token}` };
    if (this.options.apiKey !== undefined) return { 'x-api-key': this.options.apiKey };
    return {};
  }

  url(path: string, query?: Record<string, QueryValue>): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.toString();
    return `${this.options.baseUrl}${path}${search === '' ? '' : `?${search}`}`;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: options.text === true ? 'text/plain' : 'application/json', ...this.options.headers, ...this.authHeaders(), ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
    const target = this.url(path, options.query);
    let response: Response;
    try {
      response = await this.options.fetch(target, { method, headers, body, signal });
    } catch (error) {
      throw this.failure(error, options.signal, timeout, method, target);
    }
    let raw: string;
    try {
      raw = await response.text();
    } catch (error) {
      throw this.failure(error, options.signal, timeout, method, target);
    }
    if (response.ok || options.acceptStatus?.includes(response.status) === true) {
      if (options.text === true) return raw as T;
      if (raw === '') return undefined as T;
      try {
        return JSON.parse(raw) as T;
      } catch (error) {
        throw new ClientError(CLIENT_ERROR_CODES.BAD_RESPONSE, `${method} ${path} answered ${response.status} with a body that is not JSON`, { status: response.status, hint: 'Is baseUrl the TwinGraph server (not a proxy or the web dev server)?', cause: error });
      }
    }
    throw errorFromResponse(response.status, raw, method, path);
  }

  private failure(error: unknown, callerSignal: AbortSignal | undefined, timeout: AbortSignal, method: string, target: string): unknown {
    // The caller's own abort is not an API failure: give its reason back unchanged.
    if (callerSignal?.aborted === true) return callerSignal.reason;
    if (timeout.aborted) {
      return new ClientError(CLIENT_ERROR_CODES.REQUEST_TIMEOUT, `${method} ${target} got no answer within ${this.options.timeoutMs} ms`, { status: 0, hint: 'The server is slow or stuck; retry, or raise timeoutMs.', cause: error });
    }
    return new ClientError(CLIENT_ERROR_CODES.NETWORK, `Cannot reach the TwinGraph server at ${this.options.baseUrl === '' ? 'this origin' : this.options.baseUrl}: ${error instanceof Error ? error.message : String(error)}`, {
      status: 0,
      hint: 'Check that `twingraph serve` is running and the address is right, then retry.',
      cause: error,
    });
  }
}

/** A non-2xx response as a ClientError: the server's error body when it sent one. */
export function errorFromResponse(status: number, raw: string, method: string, path: string): ClientError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const body = apiErrorSchema.safeParse(parsed);
  if (body.success) {
    return new ClientError(body.data.code, body.data.message, { status, hint: body.data.hint, details: body.data.details });
  }
  const snippet = raw.slice(0, 200);
  return new ClientError(CLIENT_ERROR_CODES.BAD_RESPONSE, `${method} ${path} failed with HTTP ${status}${snippet === '' ? '' : `: ${snippet}`}`, {
    status,
    hint: status >= 500 ? 'The server or a proxy in front of it failed; retry later.' : 'Is baseUrl the TwinGraph server?',
  });
}
