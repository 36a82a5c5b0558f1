import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { openRemoteConnection, ResponseError, traversalSource, type RemoteConnection, type TraversalSource } from './gremlin-driver.js';
import { gremlinWebSocketUrl, type ResolvedGremlinStoreOptions } from './gremlin-store-options.js';

export interface RunOptions {
  /** Client-side wait for the answer, in milliseconds. @defaultValue the store's requestTimeoutMs */
  timeoutMs?: number;
  /** Attempts before giving up. @defaultValue the store's maxAttempts */
  attempts?: number;
  /** Turns an error the server answered with into the error to throw (default: ERR_INTERNAL, a bug). */
  onResponseError?: (error: Error & { statusCode?: number }) => Error;
}

/**
 * One WebSocket connection to a Gremlin Server, shared by every request of a store (the driver multiplexes
 * concurrent requests over it by request id). A request whose connection fails is retried with
 * exponential backoff — the driver reopens the socket on the next submit — and after the last attempt
 * fails with ERR_STORE_UNAVAILABLE naming the URL and how to fix it, so lineage is never dropped silently.
 * Errors the server answers with (a bad traversal) are not retried.
 */
export class GremlinConnection {
  readonly url: string;
  private readonly connection: RemoteConnection;
  private readonly g: TraversalSource;
  private closed = false;

  constructor(private readonly options: ResolvedGremlinStoreOptions) {
    this.url = gremlinWebSocketUrl(options.url);
    this.connection = openRemoteConnection(this.url, {
      traversalSource: 'g',
      mimeType: 'application/vnd.graphbinary-v1.0',
      rejectUnauthorized: true,
    });
    // Without a listener the driver's socket errors would only surface as failed requests, which we handle.
    this.connection.addListener('socketError', () => undefined);
    this.g = traversalSource(this.connection);
  }

  /**
   * Runs the traversal `build` makes and returns its results. `build` is called again for each attempt
   * because a traversal can only be sent once.
   */
  async run(action: string, build: (g: TraversalSource) => Promise<unknown[]>, options: RunOptions = {}): Promise<unknown[]> {
    if (this.closed) throw this.unavailable(action, new Error('the store is closed'), 0);
    let delay = this.options.retryInitialMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await withTimeout(build(this.g), options.timeoutMs ?? this.options.requestTimeoutMs);
      } catch (error) {
        if (error instanceof ResponseError) {
          if (options.onResponseError !== undefined) throw options.onResponseError(error);
          throw new TwinGraphError(ERROR_CODES.INTERNAL, `Gremlin Server at ${this.url} rejected the ${action} traversal: ${message(error)}`, {
            category: 'unexpected',
            hint: 'This is a bug in @twingraph/store-gremlin or an unsupported Gremlin provider; please report it with the message above.',
            details: { url: this.url, action },
            cause: error,
          });
        }
        if (this.closed || attempt >= (options.attempts ?? this.options.maxAttempts)) throw this.unavailable(action, error, attempt);
        await sleep(delay);
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connection.close().catch(() => undefined);
  }

  private unavailable(action: string, error: unknown, attempts: number): TwinGraphError {
    return new TwinGraphError(ERROR_CODES.STORE_UNAVAILABLE, `Cannot ${action}: the Gremlin Server at ${this.url} did not answer (${message(error)}) after ${attempts} attempt(s)`, {
      category: 'operational',
      hint: `Start a Gremlin Server there (locally: bash scripts/services/gremlin.sh start), check the host, port and path (/gremlin), or point --graph / TWINGRAPH_GRAPH at a reachable one.`,
      details: { url: this.url, action, attempts },
      cause: error,
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function message(error: unknown): string {
  // A refused connection comes as an AggregateError with an empty message and the reason in `code`.
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error) return error.message || (typeof code === 'string' ? code : error.name);
  return String(error);
}
