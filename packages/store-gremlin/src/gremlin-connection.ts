import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { openRemoteConnection, ResponseError, traversalSource, type RemoteConnection, type TraversalSource } from './gremlin-driver.js';
import { gremlinWebSocketUrl, type ResolvedGremlinStoreOptions } from './gremlin-store-options.js';
import { NeptuneIamSigner } from './neptune-iam-signer.js';
import { installFastGraphBinary } from './fast-graphbinary.js';
import { installSafeGraphBinaryReader } from './safe-graphbinary-reader.js';

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
  private connection: RemoteConnection;
  private g: TraversalSource;
  private closed = false;
  /**
   * Handshake headers. The driver reads this very object each time it opens the socket, so refreshing
   * its entries in place re-signs the next (re)connection without rebuilding the driver.
   */
  private readonly headers: Record<string, string> = {};
  private readonly signer: NeptuneIamSigner | undefined;

  constructor(private readonly options: ResolvedGremlinStoreOptions) {
    this.url = gremlinWebSocketUrl(options.url);
    installFastGraphBinary();
    installSafeGraphBinaryReader();
    this.signer = options.iam === undefined ? undefined : new NeptuneIamSigner(this.url, options.iam.region, options.iam.credentials);
    this.connection = this.newDriverConnection();
    this.g = traversalSource(this.connection);
  }

  private newDriverConnection(): RemoteConnection {
    const connection = openRemoteConnection(this.url, {
      traversalSource: 'g',
      mimeType: 'application/vnd.graphbinary-v1.0',
      rejectUnauthorized: true,
      headers: this.headers,
    });
    // Without a listener the driver's socket errors would only surface as failed requests, which we handle.
    connection.addListener('socketError', () => undefined);
    return connection;
  }

  /**
   * Opens the socket (if it is not open) within connectTimeoutMs. A handshake that never completes (a
   * firewall that drops packets, a server that accepts and says nothing) would leave the driver waiting
   * on it for good, so the driver connection is replaced and the attempt counts as failed.
   */
  private async ensureOpen(): Promise<void> {
    if (this.connection.isOpen) return;
    try {
      await withTimeout(this.connection.open(), this.options.connectTimeoutMs, `no WebSocket handshake within ${this.options.connectTimeoutMs} ms`);
    } catch (error) {
      if (/no WebSocket handshake within/.test(message(error))) {
        const stuck = this.connection;
        this.connection = this.newDriverConnection();
        this.g = traversalSource(this.connection);
        void stuck.close().catch(() => undefined);
      }
      throw error;
    }
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
        if (this.signer !== undefined) await this.sign();
        await this.ensureOpen();
        return await withTimeout(build(this.g), options.timeoutMs ?? this.options.requestTimeoutMs);
      } catch (error) {
        if (error instanceof TwinGraphError) throw error;
        const refused = /Unexpected server response code (401|403)\b/.exec(message(error));
        if (refused !== null) throw this.authRefused(action, refused[1]!, error);
        const permanent = permanentFailure(error);
        if (permanent !== undefined) throw this.unavailable(action, error, attempt, permanent);
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

  /** Fresh SigV4 headers for the next handshake (signing is local: a few HMACs, credentials cached by the SDK). */
  private async sign(): Promise<void> {
    let headers: Record<string, string>;
    try {
      headers = await this.signer!.headers();
    } catch (error) {
      throw new TwinGraphError(ERROR_CODES.STORE_UNAVAILABLE, `Cannot sign the Neptune connection to ${this.url}: no AWS credentials (${message(error)})`, {
        category: 'operational',
        hint: 'Provide credentials through the AWS SDK chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, an instance or task role), or turn IAM signing off for a cluster without IAM authentication.',
        details: { url: this.url },
        cause: error,
      });
    }
    for (const key of Object.keys(this.headers)) delete this.headers[key];
    Object.assign(this.headers, headers);
  }

  private authRefused(action: string, status: string, error: unknown): TwinGraphError {
    return new TwinGraphError(ERROR_CODES.STORE_UNAVAILABLE, `Cannot ${action}: the Gremlin endpoint ${this.url} refused the connection (HTTP ${status})${this.signer === undefined ? '' : ' and its IAM signature'}`, {
      category: 'operational',
      nonRetryable: true,
      hint: this.signer === undefined
        ? 'The endpoint needs authentication; for Neptune with IAM authentication use neptune://<endpoint>:8182?region=<region> or TWINGRAPH_NEPTUNE_IAM=on.'
        : 'Check the AWS credentials, the region (it must be the cluster\'s), the clock, and that the IAM policy allows neptune-db:connect on this cluster.',
      details: { url: this.url, status: Number(status) },
      cause: error,
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connection.close().catch(() => undefined);
  }

  private unavailable(action: string, error: unknown, attempts: number, permanent?: string): TwinGraphError {
    return new TwinGraphError(ERROR_CODES.STORE_UNAVAILABLE, `Cannot ${action}: the Gremlin Server at ${this.url} did not answer (${message(error)}) after ${attempts} attempt(s)`, {
      category: 'operational',
      ...(permanent === undefined ? {} : { nonRetryable: true }),
      hint: permanent ?? `Start a Gremlin Server there (locally: bash scripts/services/gremlin.sh start), check the host, port and path (/gremlin), or point --graph / TWINGRAPH_GRAPH at a reachable one.`,
      details: { url: this.url, action, attempts },
      cause: error,
    });
  }
}

/**
 * Failures retrying cannot fix — a TLS certificate the client does not trust, TLS spoken to a plain port
 * (or the reverse), a wrong path — with what to do instead; undefined for failures worth retrying.
 */
export function permanentFailure(error: unknown): string | undefined {
  const text = message(error);
  const raw = (error as { code?: unknown } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  const code = typeof raw === 'string' ? raw : '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT_ALTNAME/.test(code) || /certificate|self[- ]signed/i.test(text)) {
    return 'The server\'s TLS certificate is not trusted or does not match the host: use the endpoint name the certificate was issued for, or add its CA with NODE_EXTRA_CA_CERTS=<ca.pem>.';
  }
  if (code === 'EPROTO' || /wrong version number|packet length too long|ssl3_get_record|tls|ssl/i.test(text)) {
    return 'TLS failed: the port probably speaks plain WebSocket — use gremlin:// or ws:// for it (wss:// and neptune:// are for TLS endpoints such as Neptune).';
  }
  if (/Unexpected server response code (404|400|405)\b/.test(text)) {
    return 'Something answers there but it is not a Gremlin WebSocket endpoint: check the path (Gremlin Server and Neptune use /gremlin) and the port.';
  }
  return undefined;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what = `no answer within ${ms} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what)), ms);
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
