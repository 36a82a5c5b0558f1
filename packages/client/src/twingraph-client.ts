import { ERROR_CODES, type LineageGraph, type LineageStatistics, type LogRecord, type RunRecord, type ComponentVertex } from '@twingraph/model';
import type {
  ComponentMetricsDto, GraphSearchQuery, ListWorkflowsQuery, PageDto, PutScheduleBody, RunNodeBody, RunNodeResponse, ScheduleDto, StartExecutionBody,
  StartExecutionResponse, TokenRequest, TokenResponse, WorkflowDto, WorkflowSummaryDto, WorkflowVersionDto, ListExecutionsQuery, ExecutionLogsQuery, WsEvent,
} from '@twingraph/protocol';
import { CLIENT_ERROR_CODES, ClientError } from './client-error.js';
import { resolveClientOptions, type ClientOptions, type ResolvedClientOptions } from './client-options.js';
import { EventSubscription, type EventSubscriptionOptions } from './event-subscription.js';
import { HttpTransport } from './http-transport.js';
import { parsePrometheusText, type PrometheusSample } from './prometheus-text.js';
import type { ComponentLineageDto, ExecutionDetailDto, ExecutionListDto, HealthDto, LogPageDto } from './response-types.js';

const enc = encodeURIComponent;

export interface CallOptions {
  signal?: AbortSignal;
}

export interface SaveWorkflowInput {
  document: unknown;
  tags?: string[];
}

export interface FollowLogsOptions extends CallOptions {
  /** Start after this sequence number. @defaultValue 0 (from the first line) */
  afterSeq?: number;
  /** Only this component execution's lines. */
  executionId?: string;
  /** Wait between polls while the execution runs, in ms. @defaultValue 500 */
  pollMs?: number;
}

/** Typed client of the TwinGraph HTTP API and `/ws` events; runs in browsers and in Node 20. */
export class TwinGraphClient {
  private readonly options: ResolvedClientOptions;
  private readonly http: HttpTransport;
  /** A token obtained for an API key, for the WebSocket (which cannot send X-API-Key from browsers). */
  private keyToken: { token: string; expiresAt: number } | undefined;

  constructor(options: ClientOptions = {}) {
    this.options = resolveClientOptions(options);
    this.http = new HttpTransport(this.options);
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** Uses this bearer token from now on (`undefined` signs out). A `token` given in the options wins. */
  setToken(token: string | undefined): void {
    this.http.setToken(token);
  }

  get token(): string | undefined {
    return this.http.currentToken();
  }

  readonly auth = {
    /** `POST /api/auth/token`; the token is used for the following calls. */
    login: async (request: TokenRequest, call: CallOptions = {}): Promise<TokenResponse> => {
      const response = await this.http.request<TokenResponse>('POST', '/api/auth/token', { body: request, ...call });
      this.http.setToken(response.token);
      return response;
    },
    logout: (): void => this.http.setToken(undefined),
  };

  /** `GET /health`: resolves for 200 and 503 alike (read `status`). */
  health(call: CallOptions = {}): Promise<HealthDto> {
    return this.http.request<HealthDto>('GET', '/health', { acceptStatus: [503], ...call });
  }

  /** `GET /metrics`, parsed. */
  async metrics(call: CallOptions = {}): Promise<PrometheusSample[]> {
    return parsePrometheusText(await this.http.request<string>('GET', '/metrics', { text: true, ...call }));
  }

  readonly workflows = {
    list: (query: Partial<ListWorkflowsQuery> = {}, call: CallOptions = {}): Promise<PageDto<WorkflowSummaryDto>> =>
      this.http.request('GET', '/api/workflows', { query: { ...query }, ...call }),
    get: (id: string, version?: number, call: CallOptions = {}): Promise<WorkflowDto> =>
      this.http.request('GET', `/api/workflows/${enc(id)}`, { query: { version }, ...call }),
    create: (input: SaveWorkflowInput, call: CallOptions = {}): Promise<WorkflowDto> =>
      this.http.request('POST', '/api/workflows', { body: input, ...call }),
    /** Saves a new immutable version. */
    update: (id: string, input: SaveWorkflowInput, call: CallOptions = {}): Promise<WorkflowDto> =>
      this.http.request('PUT', `/api/workflows/${enc(id)}`, { body: input, ...call }),
    delete: (id: string, call: CallOptions = {}): Promise<void> => this.http.request('DELETE', `/api/workflows/${enc(id)}`, call),
    versions: (id: string, call: CallOptions = {}): Promise<{ items: WorkflowVersionDto[] }> =>
      this.http.request('GET', `/api/workflows/${enc(id)}/versions`, call),
    getSchedule: (id: string, call: CallOptions = {}): Promise<ScheduleDto> => this.http.request('GET', `/api/workflows/${enc(id)}/schedule`, call),
    setSchedule: (id: string, schedule: Partial<PutScheduleBody> & { cron: string }, call: CallOptions = {}): Promise<ScheduleDto> =>
      this.http.request('PUT', `/api/workflows/${enc(id)}/schedule`, { body: schedule, ...call }),
    deleteSchedule: (id: string, call: CallOptions = {}): Promise<void> => this.http.request('DELETE', `/api/workflows/${enc(id)}/schedule`, call),
  };

  readonly executions = {
    /** Starts a run; `idempotencyKey` makes a retried call return the same execution. */
    start: (body: StartExecutionBody, call: CallOptions & { idempotencyKey?: string } = {}): Promise<StartExecutionResponse> =>
      this.http.request('POST', '/api/executions', {
        body,
        ...(call.idempotencyKey === undefined ? {} : { headers: { 'idempotency-key': call.idempotencyKey } }),
        ...(call.signal === undefined ? {} : { signal: call.signal }),
      }),
    list: (query: Partial<ListExecutionsQuery> = {}, call: CallOptions = {}): Promise<ExecutionListDto> =>
      this.http.request('GET', '/api/executions', { query: { ...query }, ...call }),
    get: (id: string, call: CallOptions = {}): Promise<ExecutionDetailDto> => this.http.request('GET', `/api/executions/${enc(id)}`, call),
    /**
     * Runs node `nodeId` alone as a new run, its upstream results reused from execution `id` (outputs,
     * hashes and parents); `document` runs an edited node, `pinnedOutputs` replace upstream results.
     */
    runNode: (id: string, nodeId: string, body: RunNodeBody = {}, call: CallOptions = {}): Promise<RunNodeResponse> =>
      this.http.request('POST', `/api/executions/${enc(id)}/nodes/${enc(nodeId)}/run`, { body, ...call }),
    /** Cancels the run; resolves with the settled run record. */
    stop: (id: string, call: CallOptions = {}): Promise<RunRecord> => this.http.request('POST', `/api/executions/${enc(id)}/stop`, call),
    /** One page of log lines; pass `nextAfterSeq` back as `afterSeq`. */
    logs: (id: string, query: Partial<ExecutionLogsQuery> = {}, call: CallOptions = {}): Promise<LogPageDto> =>
      this.http.request('GET', `/api/executions/${enc(id)}/logs`, { query: { ...query }, ...call }),
    /** Every log line from `afterSeq` on, following new ones until the execution has finished. */
    followLogs: (id: string, options: FollowLogsOptions = {}): AsyncIterable<LogRecord> => this.followLogs(id, options),
    /** Resolves with the run record once the execution has finished (followed over `/ws`, checked over REST). */
    waitForEnd: (id: string, call: CallOptions = {}): Promise<RunRecord> => this.waitForEnd(id, call),
  };

  readonly graph = {
    execution: (id: string, call: CallOptions = {}): Promise<LineageGraph> => this.http.request('GET', `/api/graph/execution/${enc(id)}`, call),
    /** Lineage of a component execution by hash (or execution id), `maxDepth` hops each way. */
    component: (hashOrId: string, maxDepth?: number, call: CallOptions = {}): Promise<ComponentLineageDto> =>
      this.http.request('GET', `/api/graph/component/${enc(hashOrId)}`, { query: { max_depth: maxDepth }, ...call }),
    statistics: (call: CallOptions = {}): Promise<LineageStatistics> => this.http.request('GET', '/api/graph/statistics', call),
    search: (query: Partial<GraphSearchQuery> = {}, call: CallOptions = {}): Promise<{ items: ComponentVertex[] }> =>
      this.http.request('GET', '/api/graph/search', { query: { ...query }, ...call }),
  };

  /** `GET /api/metrics/components/:name`. */
  componentMetrics(name: string, limit?: number, call: CallOptions = {}): Promise<ComponentMetricsDto> {
    return this.http.request('GET', `/api/metrics/components/${enc(name)}`, { query: { limit }, ...call });
  }

  /**
   * Follows `/ws` events of one execution or of all; reconnects and resumes by itself.
   * Close the returned subscription when done.
   */
  subscribe(options: EventSubscriptionOptions): EventSubscription {
    const WebSocketImpl = this.options.WebSocket;
    if (WebSocketImpl === undefined) {
      throw new ClientError(ERROR_CODES.INVALID_OPTIONS, 'No WebSocket implementation: this runtime has no global WebSocket', {
        status: 0,
        hint: "Pass one in the client options, e.g. new TwinGraphClient({ WebSocket: (await import('ws')).default }).",
      });
    }
    return new EventSubscription({ WebSocket: WebSocketImpl, url: () => this.wsUrl() }, options);
  }

  /** The `/ws` address with `?token=` when the client has credentials. */
  async wsUrl(): Promise<string> {
    const base = this.options.baseUrl;
    let origin: string;
    if (/^https?:\/\//.test(base)) {
      origin = base.replace(/^http/, 'ws');
    } else {
      const location = (globalThis as { location?: { protocol: string; host: string } }).location;
      if (location === undefined) throw new ClientError(ERROR_CODES.INVALID_OPTIONS, 'baseUrl must be an absolute http(s) URL outside a browser', { status: 0, hint: "e.g. baseUrl: 'http://127.0.0.1:4000'" });
      origin = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${base}`;
    }
    const token = await this.wsToken();
    return `${origin}/ws${token === undefined ? '' : `?token=${enc(token)}`}`;
  }

  private async wsToken(): Promise<string | undefined> {
    const token = this.http.currentToken();
    if (token !== undefined && token !== '') return token;
    if (this.options.apiKey === undefined) return undefined;
    if (this.keyToken !== undefined && this.keyToken.expiresAt - Date.now() > 60_000) return this.keyToken.token;
    const issued = await this.http.request<TokenResponse>('POST', '/api/auth/token', { body: { apiKey: this.options.apiKey } });
    this.keyToken = { token: issued.token, expiresAt: Date.parse(issued.expiresAt) };
    return issued.token;
  }

  private async *followLogs(id: string, options: FollowLogsOptions): AsyncGenerator<LogRecord> {
    let afterSeq = options.afterSeq ?? 0;
    const call = options.signal === undefined ? {} : { signal: options.signal };
    for (;;) {
      // Read whether it runs before reading lines: lines written before it ended are then on this page.
      const running = (await this.executions.get(id, call)).active;
      let page: LogPageDto;
      do {
        page = await this.executions.logs(id, { afterSeq, ...(options.executionId === undefined ? {} : { executionId: options.executionId }) }, call);
        for (const line of page.items) yield line;
        afterSeq = page.nextAfterSeq;
      } while (page.more);
      if (!running) return;
      await sleep(options.pollMs ?? 500, options.signal);
    }
  }

  private waitForEnd(id: string, call: CallOptions): Promise<RunRecord> {
    return new Promise<RunRecord>((resolve, reject) => {
      let settled = false;
      const finish = (error: unknown, run?: RunRecord): void => {
        if (settled) return;
        settled = true;
        subscription.close();
        call.signal?.removeEventListener('abort', onAbort);
        if (run !== undefined) resolve(run);
        else reject(error instanceof Error ? error : new ClientError(CLIENT_ERROR_CODES.BAD_RESPONSE, String(error), { status: 0 }));
      };
      const check = (): void => {
        this.executions.get(id, call).then((run) => {
          if (run.status !== 'running' && !run.active) finish(undefined, run);
        }, (error: unknown) => finish(error));
      };
      const onAbort = (): void => finish(call.signal?.reason);
      call.signal?.addEventListener('abort', onAbort, { once: true });
      const subscription = this.subscribe({
        target: { executionId: id },
        onEvent: (event: WsEvent) => {
          if (event.type === 'execution:update' && event.status !== 'running') check();
        },
        // The run may have ended before the subscription: look once it is in place (and after gaps).
        onSubscribed: check,
        onGap: check,
      });
    });
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason as unknown);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as unknown);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
