import { PROTOCOL_ERROR_CODES, type WsClientMessage, type WsEvent, type WsServerMessage } from '@twingraph/protocol';
import { ClientError } from './client-error.js';
import { WS_OPEN, type WebSocketConstructor, type WebSocketLike } from './web-socket-like.js';

/** What a subscription follows: one execution, or every execution on the server. */
export type SubscriptionTarget = { executionId: string } | { all: true };

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ReconnectOptions {
  /** First delay after a drop, in ms. @defaultValue 250 */
  initialDelayMs?: number;
  /** Longest delay between attempts, in ms. @defaultValue 5_000 */
  maxDelayMs?: number;
  /** Growth of the delay per failed attempt. @defaultValue 2 */
  factor?: number;
}

export interface EventSubscriptionOptions {
  target: SubscriptionTarget;
  /**
   * Last event id the caller already has: the server replays the buffered events after it first.
   * `0` replays everything still buffered. @defaultValue none (only events from now on)
   */
  resumeFrom?: number;
  onEvent: (event: WsEvent) => void;
  onState?: (state: ConnectionState, detail: { attempt: number }) => void;
  /** After each (re)subscribe: how many events were replayed to catch up. */
  onSubscribed?: (info: { replayed: number; lastEventId: number; resumed: boolean }) => void;
  /**
   * Events were lost and cannot be replayed (older than the server's buffer, or the server restarted):
   * reload state over REST. The subscription itself goes on with live events.
   */
  onGap?: (error: ClientError) => void;
  /** Protocol errors the server reports for this socket. */
  onError?: (error: ClientError) => void;
  /** `false` gives up after the first drop. @defaultValue {initialDelayMs: 250, maxDelayMs: 5000, factor: 2} */
  reconnect?: ReconnectOptions | false;
  /** A ping goes out this often; no pong within the same time counts as a lost connection. @defaultValue 15_000 */
  pingIntervalMs?: number;
}

export interface SubscriptionDeps {
  WebSocket: WebSocketConstructor;
  /** The `/ws` URL with credentials, computed for each connection (tokens may change). */
  url: () => Promise<string>;
}

/**
 * A `/ws` subscription that survives dropped connections: it reconnects with backoff and resumes from
 * the last event id it delivered, so the caller sees every event once, in order, without gaps.
 */
export class EventSubscription {
  private socket: WebSocketLike | undefined;
  private closed = false;
  private attempt = 0;
  private lastId: number | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private awaitingPong = false;
  private currentState: ConnectionState = 'connecting';

  constructor(private readonly deps: SubscriptionDeps, private readonly options: EventSubscriptionOptions) {
    this.lastId = options.resumeFrom;
    void this.connect();
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** The id of the last event delivered (or the server's last id when subscribed), for a later resume. */
  get lastEventId(): number | undefined {
    return this.lastId;
  }

  /** Drops the current connection as a network failure would; the subscription reconnects and resumes. */
  dropConnection(): void {
    this.socket?.close(4000, 'dropped by client');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined) {
      detach(socket);
      socket.close(1000, 'closed by client');
    }
    this.setState('closed');
  }

  private setState(state: ConnectionState): void {
    if (this.currentState === state && state !== 'reconnecting') return;
    this.currentState = state;
    this.options.onState?.(state, { attempt: this.attempt });
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    let url: string;
    try {
      url = await this.deps.url();
    } catch (error) {
      if (error instanceof ClientError) this.options.onError?.(error);
      this.scheduleReconnect();
      return;
    }
    if (this.closed) return;
    const socket = new this.deps.WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      const message: WsClientMessage = { type: 'subscribe', ...this.options.target, ...(this.lastId === undefined ? {} : { resumeFrom: this.lastId }) };
      socket.send(JSON.stringify(message));
      this.startPing(socket);
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => {
      // Followed by close, which reconnects.
    };
    socket.onclose = () => {
      detach(socket);
      clearInterval(this.pingTimer);
      if (this.socket === socket) this.socket = undefined;
      this.scheduleReconnect();
    };
  }

  private receive(data: unknown): void {
    let message: WsServerMessage;
    try {
      message = JSON.parse(typeof data === 'string' ? data : String(data)) as WsServerMessage;
    } catch {
      return;
    }
    if ('id' in message && typeof message.id === 'number') {
      if (this.lastId !== undefined && message.id <= this.lastId) return;
      this.lastId = message.id;
      this.options.onEvent(message);
      return;
    }
    switch (message.type) {
      case 'subscribed': {
        const resumed = this.lastId !== undefined;
        // Event ids went backwards: the server restarted and its buffer is new.
        if (this.lastId !== undefined && message.lastEventId < this.lastId) {
          this.lastId = message.lastEventId;
          this.options.onGap?.(new ClientError(PROTOCOL_ERROR_CODES.RESUME_GAP, 'The server restarted; events of the old process cannot be replayed', { status: 0, hint: 'Reload the execution over REST.' }));
        }
        // Everything up to the server's last id is either replayed or not wanted: resume from there.
        this.lastId = Math.max(this.lastId ?? 0, message.lastEventId);
        this.attempt = 0;
        this.setState('open');
        this.options.onSubscribed?.({ replayed: message.replayed, lastEventId: message.lastEventId, resumed });
        return;
      }
      case 'pong':
        this.awaitingPong = false;
        return;
      case 'error': {
        const error = new ClientError(message.error.code, message.error.message, { status: 0, hint: message.error.hint, details: message.error.details });
        if (error.code === PROTOCOL_ERROR_CODES.RESUME_GAP) this.options.onGap?.(error);
        else this.options.onError?.(error);
        return;
      }
      default:
        return;
    }
  }

  private startPing(socket: WebSocketLike): void {
    const every = this.options.pingIntervalMs ?? 15_000;
    clearInterval(this.pingTimer);
    this.awaitingPong = false;
    this.pingTimer = setInterval(() => {
      if (socket.readyState !== WS_OPEN) return;
      // No pong since the last ping: the connection is dead even if the socket does not know yet.
      if (this.awaitingPong) {
        socket.close(4001, 'no pong');
        return;
      }
      this.awaitingPong = true;
      socket.send(JSON.stringify({ type: 'ping' } satisfies WsClientMessage));
    }, every);
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const policy = this.options.reconnect;
    if (policy === false) {
      this.close();
      return;
    }
    const initial = policy?.initialDelayMs ?? 250;
    const max = policy?.maxDelayMs ?? 5_000;
    const factor = policy?.factor ?? 2;
    const base = Math.min(max, initial * factor ** this.attempt);
    // Jitter spreads the reconnects of many tabs after a server restart.
    const delay = base / 2 + Math.random() * (base / 2);
    this.attempt++;
    this.setState('reconnecting');
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}

function detach(socket: WebSocketLike): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = null;
}
