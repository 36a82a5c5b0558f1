import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import { PROTOCOL_ERROR_CODES, type ApiError } from '@twingraph/protocol';
import { AuthService } from './auth/auth-service.js';
import { installAuth } from './auth/auth-plugin.js';
import { registerDocsRoutes } from './http/docs-routes.js';
import { installErrorHandlers } from './http/error-handler.js';
import { installOpenApiResponses } from './http/openapi-responses.js';
import { ExecutionService } from './executions/execution-service.js';
import { registerExecutionRoutes } from './executions/execution-routes.js';
import { NodeRunService } from './executions/node-run-service.js';
import { registerNodeRunRoute } from './executions/node-run-routes.js';
import { registerGraphRoutes } from './graph/graph-routes.js';
import { registerGraphQueryRoutes } from './graph/graph-query-routes.js';
import { registerGraphql } from './graphql/graphql-plugin.js';
import { registerScheduleRoutes } from './schedules/schedule-routes.js';
import { ScheduleRunner } from './schedules/schedule-runner.js';
import { registerHealthRoutes } from './observability/health-routes.js';
import { ServerMetrics } from './observability/server-metrics.js';
import { logComponentEnds } from './observability/run-logging.js';
import { RunTracer } from './observability/run-tracing.js';
import { RedisCluster } from './cluster/redis-cluster.js';
import { resolveServerOptions, type ServerOptions } from './server-options.js';
import { EventHub } from './ws/event-hub.js';
import { registerWsRoutes } from './ws/ws-routes.js';
import { registerWebApp } from './web-app/web-app-routes.js';
import { registerWorkflowRoutes } from './workflows/workflow-routes.js';

export interface TwinGraphServer {
  readonly app: FastifyInstance;
  readonly executions: ExecutionService;
  readonly hub: EventHub;
  /** Listens; resolves with the address (port 0 picks a free port). */
  listen(options: { port: number; host: string }): Promise<string>;
  /** Cancels runs in progress, closes sockets and the HTTP server. The engine stays open (its owner closes it). */
  close(): Promise<void>;
}

/** The TwinGraph API server. Reads no environment: the composition root passes everything in. */
export async function createServer(input: ServerOptions): Promise<TwinGraphServer> {
  const options = resolveServerOptions(input);
  // First: an unreachable Redis stops start-up before anything else is set up.
  const cluster = options.cluster === undefined ? undefined : await RedisCluster.connect(options.engine, options.cluster);
  const common = {
    logger: options.logger === false ? false : {
      level: options.logger === true ? 'info' : (options.logger.level ?? 'info'),
      ...(options.logger === true || options.logger.stream === undefined ? {} : { stream: options.logger.stream }),
    },
    bodyLimit: options.bodyLimitBytes,
    // Request ids appear on every log line of the request; runs add runId/workflowId.
    requestIdHeader: 'x-request-id',
    // Above every path parameter's documented maxLength, so a long id gets the route's 400, not a bare 414.
    routerOptions: { maxParamLength: 2000 },
  };
  // Routes and plugins only use what HTTP and HTTPS servers share, so one instance type serves both.
  const app = (options.https === undefined ? Fastify(common) : Fastify({ ...common, https: options.https })) as unknown as FastifyInstance;
  // Protocol zod schemas validate requests in the handlers (every problem reported the same way);
  // the JSON schemas given to routes are for the OpenAPI document only.
  app.setValidatorCompiler(() => (data: unknown) => ({ value: data }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installErrorHandlers(app);
  // Secret values the engine resolved never leave in a response (REST and GraphQL bodies are strings here).
  const masker = options.engine.secretMasker;
  app.addHook('onSend', async (_request, _reply, payload) => (typeof payload === 'string' && !masker.empty ? masker.mask(payload) : payload));

  await app.register(swagger, {
    openapi: {
      info: { title: 'TwinGraph API', version: '0.1.0', description: 'Workflows, executions, lineage graph, metrics. See docs/api.md.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  });
  installOpenApiResponses(app);
  if (options.corsOrigins !== false) await app.register(cors, { origin: options.corsOrigins });
  if (options.rateLimitMax !== false) {
    await app.register(rateLimit, {
      max: options.rateLimitMax,
      timeWindow: options.rateLimitWindowMs,
      errorResponseBuilder: (_request, context): ApiError & { statusCode: number } => ({
        statusCode: 429,
        code: PROTOCOL_ERROR_CODES.RATE_LIMITED,
        message: `Rate limit exceeded: ${context.max} requests per ${context.after}`,
        hint: 'Wait for X-RateLimit-Reset seconds, then retry.',
      }),
    });
  }
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  const auth = new AuthService(options.auth);
  installAuth(app, auth);
  const metrics = new ServerMetrics(options.engine, options.queueProbe);
  metrics.instrument(app);
  const hub = new EventHub(options.engine, options.eventBufferSize);
  const tracing = options.tracer === undefined ? undefined : new RunTracer(options.engine, options.tracer);
  const stopRunLogging = logComponentEnds(options.engine, app.log);
  const executions = new ExecutionService({
    engine: options.engine, workflows: options.workflowStore, logger: app.log, idempotencyKeys: options.idempotencyKeys,
    ...(cluster === undefined ? {} : { cluster, onOwn: (runId: string, owned: boolean) => cluster.own(runId, owned) }),
  });
  if (cluster !== undefined) {
    cluster.onRemoteEvent((event) => hub.ingest(event));
    cluster.onStopRequest((runId) => executions.stopIfLocal(runId));
    cluster.onLostLease = (runId) => app.log.error({ runId, instance: cluster.instanceId }, 'another instance took over an execution this instance still drives (Redis was unreachable longer than the lease)');
  }

  const recover = async (startedBefore?: string): Promise<void> => {
    if (options.interruptedRuns === 'leave') return;
    const { resumed, failed } = await executions.recoverInterruptedRuns({
      resume: options.interruptedRuns === 'resume',
      // With other instances, only runs whose owner's lease lapsed (it died) are taken, by one instance.
      ...(cluster === undefined ? {} : { mayAdopt: (runId: string) => cluster.adopt(runId) }),
      ...(startedBefore === undefined ? {} : { startedBefore }),
    });
    if (resumed.length > 0) app.log.warn({ runIds: resumed }, `${resumed.length} interrupted execution(s) resumed`);
    if (failed.length > 0) app.log.warn({ runIds: failed.map((f) => f.runId) }, `${failed.length} interrupted execution(s) recorded as failed`);
  };
  await recover();
  // A cluster keeps looking for runs of instances that died (their leases lapse), not only at start.
  const adoption = cluster === undefined ? undefined : setInterval(() => {
    recover(new Date(Date.now() - cluster.leaseMs).toISOString()).catch((error: unknown) => app.log.error({ err: error }, 'adopting interrupted executions failed'));
  }, cluster.leaseMs);
  adoption?.unref();
  registerHealthRoutes(app, options.engine, options.workflowStore, options.queueProbe, cluster === undefined ? undefined : () => cluster.ping());
  const schedules = new ScheduleRunner(options.workflowStore, executions, app.log, cluster === undefined ? undefined : {
    claim: (workflowId, tick) => cluster.claimTick(workflowId, tick),
    announce: (workflowId) => cluster.announceSchedule(workflowId),
  });
  cluster?.onScheduleChange((workflowId) => void schedules.reload(workflowId).catch((error: unknown) => app.log.error({ err: error, workflowId }, 'reloading a schedule changed elsewhere failed')));
  registerWorkflowRoutes(app, options.workflowStore, (id) => schedules.disarm(id));
  registerScheduleRoutes(app, schedules);
  registerExecutionRoutes(app, executions, options.engine);
  registerNodeRunRoute(app, new NodeRunService({ engine: options.engine, workflows: options.workflowStore, executions }));
  registerGraphRoutes(app, options.engine.lineageStore);
  registerGraphQueryRoutes(app, options.engine.lineageStore);
  registerWsRoutes(app, hub, masker);
  registerDocsRoutes(app);
  await registerWebApp(app, options.webApp);
  const stopGraphqlEvents = await registerGraphql(app, { workflows: options.workflowStore, executions, lineage: options.engine.lineageStore }, hub);
  await app.ready();
  await schedules.start();

  return {
    app,
    executions,
    hub,
    listen: (address) => app.listen(address),
    async close() {
      if (adoption !== undefined) clearInterval(adoption);
      schedules.close();
      await executions.close();
      await cluster?.close();
      stopGraphqlEvents();
      hub.close();
      metrics.close();
      stopRunLogging();
      tracing?.close();
      await app.close();
    },
  };
}
