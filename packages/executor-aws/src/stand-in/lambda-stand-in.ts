import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetFunctionCommand, LambdaClient, type GetFunctionCommandOutput } from '@aws-sdk/client-lambda';
import { DockerApi } from './docker-api.js';
import { proxy, readBody, sendAwsError } from './http-helpers.js';

export interface LambdaStandInOptions {
  /** moto server: function definitions (CreateFunction, GetFunction, …) live there. */
  motoEndpoint: string;
  /** @defaultValue 0 (any free port) */
  port?: number;
  /** Account-wide concurrent executions (Lambda's default quota is 1000). @defaultValue 1000 */
  accountConcurrency?: number;
  docker?: DockerApi;
}

/** Lambda's synchronous invocation payload limit. */
export const LAMBDA_SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;

interface Invocation {
  requestId: string;
  functionArn: string;
  event: Buffer;
  deadline: number;
  delivered: boolean;
  settle: (result: { kind: 'response' | 'error'; body: Buffer }) => void;
}

/**
 * A local stand-in of the Lambda Invoke API for tests and run-local demos, where moto cannot run
 * container-image functions (it would pull images from a registry). Invoke requests run the
 * function's image (`Code.ImageUri`, which must be a local image) in a fresh container on the local
 * Docker Engine with the function's environment, memory and timeout, and serve the Lambda Runtime API
 * to it (`AWS_LAMBDA_RUNTIME_API`), exactly as a Lambda execution environment does: the image's
 * runtime pulls the event from `/invocation/next` and posts `/response` or `/error`. The answer has
 * Lambda's shape: X-Amz-Function-Error, X-Amz-Log-Result (last 4 KB of the log, START/END/REPORT
 * lines included), 413 RequestEntityTooLargeException over 6 MB, 429 TooManyRequestsException over the
 * function's reserved concurrency, "Task timed out after N seconds" at the function's timeout. Every
 * other request (function management) is forwarded to moto.
 *
 * Unlike Lambda: one container per invocation (no warm reuse), host networking, no /aws/lambda log group.
 */
export class LambdaStandIn {
  private server: Server | undefined;
  private readonly docker: DockerApi;
  private readonly moto: URL;
  private readonly lambda: LambdaClient;
  private readonly invocations = new Map<string, Invocation>();
  private readonly running = new Map<string, number>();
  private readonly containers = new Set<string>();
  private readonly work = new Set<Promise<unknown>>();
  /** Counters, for tests. */
  readonly stats = { invocations: 0, throttled: 0, tooLarge: 0, timedOut: 0 };
  private port = 0;

  constructor(private readonly options: LambdaStandInOptions) {
    this.docker = options.docker ?? new DockerApi();
    this.moto = new URL(options.motoEndpoint);
    this.lambda = new LambdaClient({ region: 'us-east-1', endpoint: options.motoEndpoint, credentials: { accessKeyId: 'stand-in', secretAccessKey: 'stand-in' } });
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const handled = this.route(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendAwsError(res, 500, 'ServiceException', error instanceof Error ? error.message : String(error));
        else res.end();
      });
      this.track(handled);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.endpoint;
  }

  /** Kills every container still running and closes the server. */
  async stop(): Promise<void> {
    await Promise.all([...this.containers].map((id) => this.docker.remove(id).catch(() => undefined)));
    for (const invocation of this.invocations.values()) invocation.settle({ kind: 'error', body: Buffer.from('{"errorMessage":"stand-in stopped"}') });
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
    await Promise.allSettled([...this.work]);
    this.lambda.destroy();
  }

  /** Containers of invocations still running, for tests. */
  get runningContainers(): number {
    return this.containers.size;
  }

  private track(promise: Promise<unknown>): void {
    this.work.add(promise);
    void promise.finally(() => this.work.delete(promise));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const runtime = /^\/rt\/([^/]+)\/2018-06-01\/runtime\/(invocation\/next|invocation\/([^/]+)\/(response|error)|init\/error)$/.exec(url.pathname);
    if (runtime !== null) return this.runtimeApi(runtime[1]!, runtime[2]!, runtime[4], req, res);
    const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
    const body = await readBody(req);
    if (invoke !== null && req.method === 'POST') return this.invoke(decodeURIComponent(invoke[1]!), req, body, res);
    proxy(req, body, res, this.moto);
  }

  private async invoke(nameOrArn: string, req: IncomingMessage, event: Buffer, res: ServerResponse): Promise<void> {
    if (event.length > LAMBDA_SYNC_PAYLOAD_LIMIT) {
      this.stats.tooLarge++;
      return sendAwsError(res, 413, 'RequestEntityTooLargeException', `Request must be smaller than ${LAMBDA_SYNC_PAYLOAD_LIMIT} bytes for the InvokeFunction operation`);
    }
    let fn: GetFunctionCommandOutput;
    try {
      fn = await this.lambda.send(new GetFunctionCommand({ FunctionName: nameOrArn }));
    } catch (error) {
      return sendAwsError(res, 404, 'ResourceNotFoundException', error instanceof Error ? error.message : String(error));
    }
    const config = fn.Configuration!;
    const name = config.FunctionName!;
    const reserved = fn.Concurrency?.ReservedConcurrentExecutions;
    const active = this.running.get(name) ?? 0;
    const total = [...this.running.values()].reduce((a, b) => a + b, 0);
    if ((reserved !== undefined && active >= reserved) || total >= (this.options.accountConcurrency ?? 1000)) {
      this.stats.throttled++;
      return sendAwsError(res, 429, 'TooManyRequestsException', 'Rate Exceeded.', { Reason: reserved !== undefined ? 'ReservedFunctionConcurrentInvocationLimitExceeded' : 'ConcurrentInvocationLimitExceeded' });
    }
    this.stats.invocations++;
    this.running.set(name, active + 1);
    try {
      const answer = await this.run(fn, event);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST', 'x-amzn-requestid': answer.requestId };
      if (answer.functionError !== undefined) headers['x-amz-function-error'] = answer.functionError;
      if (String(req.headers['x-amz-log-type'] ?? '').toLowerCase() === 'tail') headers['x-amz-log-result'] = answer.logResult;
      res.writeHead(200, headers);
      res.end(answer.body);
    } finally {
      this.running.set(name, (this.running.get(name) ?? 1) - 1);
    }
  }

  /** One invocation in one container, served the Runtime API until it answers, exits or times out. */
  private async run(fn: GetFunctionCommandOutput, event: Buffer): Promise<{ requestId: string; body: Buffer; functionError?: string; logResult: string }> {
    const config = fn.Configuration!;
    const requestId = randomUUID();
    const timeoutSeconds = config.Timeout ?? 3;
    const memory = config.MemorySize ?? 128;
    const started = Date.now();
    const image = fn.Code?.ImageUri ?? '';
    const report = (lines: string[], status?: string): string => {
      const duration = Date.now() - started;
      const all = [`START RequestId: ${requestId} Version: $LATEST`, ...lines, `END RequestId: ${requestId}`, `REPORT RequestId: ${requestId}\tDuration: ${duration}.00 ms\tBilled Duration: ${duration} ms\tMemory Size: ${memory} MB${status === undefined ? '' : `\tStatus: ${status}`}`];
      const text = Buffer.from(`${all.join('\n')}\n`);
      return text.subarray(Math.max(0, text.length - 4096)).toString('base64');
    };
    if (!(await this.docker.imageExists(image))) {
      return { requestId, functionError: 'Unhandled', body: Buffer.from(JSON.stringify({ errorType: 'Runtime.InvalidEntrypoint', errorMessage: `image ${image} is not on the local Docker Engine (the stand-in runs local images only)` })), logResult: report([]) };
    }
    const token = randomUUID();
    let settle!: Invocation['settle'];
    const settled = new Promise<{ kind: 'response' | 'error'; body: Buffer }>((resolve) => (settle = resolve));
    this.invocations.set(token, { requestId, functionArn: config.FunctionArn!, event, deadline: started + timeoutSeconds * 1000, delivered: false, settle });
    const env = {
      ...config.Environment?.Variables,
      AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${this.port}/rt/${token}`,
      AWS_LAMBDA_FUNCTION_NAME: config.FunctionName!,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memory),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${config.FunctionName!}`,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
    };
    const id = await this.docker.createContainer({
      Image: image,
      Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      Labels: { 'twingraph.stand-in': 'lambda', 'twingraph.lambda.function': config.FunctionName!, 'twingraph.lambda.request': requestId },
      HostConfig: { NetworkMode: 'host', Memory: memory * 1024 * 1024, MemorySwap: memory * 1024 * 1024 },
    });
    this.containers.add(id);
    try {
      await this.docker.start(id);
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        settled,
        this.docker.wait(id).then((code) => ({ kind: 'exit' as const, code })),
        new Promise<{ kind: 'timeout' }>((resolve) => (timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutSeconds * 1000))),
      ]);
      clearTimeout(timer);
      if (outcome.kind === 'exit') await this.docker.kill(id);
      const lines = (await this.docker.logs(id).catch(() => [])).map(([, line]) => line);
      if (outcome.kind === 'response') return { requestId, body: outcome.body, logResult: report(lines) };
      if (outcome.kind === 'error') return { requestId, functionError: 'Unhandled', body: outcome.body, logResult: report(lines, 'error') };
      if (outcome.kind === 'timeout') {
        this.stats.timedOut++;
        const message = `${new Date().toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
        return { requestId, functionError: 'Unhandled', body: Buffer.from(JSON.stringify({ errorMessage: message })), logResult: report([...lines, message], 'timeout') };
      }
      const message = `RequestId: ${requestId} Error: Runtime exited with error: exit status ${'code' in outcome ? outcome.code : 'unknown'}`;
      return { requestId, functionError: 'Unhandled', body: Buffer.from(JSON.stringify({ errorType: 'Runtime.ExitError', errorMessage: message })), logResult: report([...lines, message], 'error') };
    } finally {
      this.invocations.delete(token);
      await this.docker.remove(id).catch(() => undefined);
      this.containers.delete(id);
    }
  }

  private async runtimeApi(token: string, route: string, action: string | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const invocation = this.invocations.get(token);
    if (invocation === undefined) {
      res.writeHead(410).end();
      return;
    }
    if (route === 'invocation/next') {
      // One event per environment here; a second /next waits until the container is removed.
      if (invocation.delivered) return;
      invocation.delivered = true;
      res.writeHead(200, {
        'content-type': 'application/json',
        'lambda-runtime-aws-request-id': invocation.requestId,
        'lambda-runtime-deadline-ms': String(invocation.deadline),
        'lambda-runtime-invoked-function-arn': invocation.functionArn,
      });
      res.end(invocation.event);
      return;
    }
    const body = await readBody(req);
    invocation.settle({ kind: action === 'response' ? 'response' : 'error', body });
    res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"OK"}');
  }
}
