import mercurius, { type IResolvers, type MercuriusContext } from 'mercurius';
import type { LineageStore } from '@twingraph/core';
import { TwinGraphError, type ComponentVertex, type NodeRecord, type RunRecord } from '@twingraph/model';
import { GRAPHQL_SDL, httpStatusFor, listExecutionsQuerySchema, listWorkflowsQuerySchema, PROTOCOL_ERROR_CODES, startExecutionBodySchema, type WsEvent } from '@twingraph/protocol';
import { hasRole, type Principal } from '../auth/auth-service.js';
import { notFound, parseRequest } from '../http/api-errors.js';
import type { ExecutionService } from '../executions/execution-service.js';
import { saveInput } from '../workflows/workflow-routes.js';
import type { WorkflowStore } from '../workflows/workflow-store.js';

// mercurius is CommonJS: its helpers are properties of the default export under Node's ESM loader.
const { ErrorWithProps, withFilter } = mercurius;

export const EXECUTION_EVENTS_TOPIC = 'EXECUTION_EVENTS';
export { GRAPHQL_SDL };

export interface GraphqlServices {
  workflows: WorkflowStore;
  executions: ExecutionService;
  lineage: LineageStore | undefined;
}

type Args = Record<string, unknown>;
type Ctx = MercuriusContext & { principal?: Principal };

/** TwinGraphErrors keep their code (and HTTP status) in `extensions`, as in REST error bodies. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof TwinGraphError) {
      throw new ErrorWithProps(error.message, { code: error.code, ...(error.hint === undefined ? {} : { hint: error.hint }), details: error.details }, httpStatusFor(error.code));
    }
    throw error;
  }
}

function requireEditor(ctx: Ctx): void {
  // The HTTP hook let a viewer in (queries are reads); mutations need editor.
  if (ctx.principal === undefined || !hasRole(ctx.principal, 'editor')) {
    throw new TwinGraphError(PROTOCOL_ERROR_CODES.FORBIDDEN, "Mutations need the 'editor' role", { details: { needed: 'editor' } });
  }
}

function requireLineage(lineage: LineageStore | undefined): LineageStore {
  if (lineage === undefined) throw notFound('Lineage store', 'off');
  return lineage;
}

function without(components: readonly ComponentVertex[], executionId: string): ComponentVertex[] {
  return components.filter((c) => c.executionId !== executionId);
}

const optional = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

export function createResolvers(services: GraphqlServices): IResolvers {
  const { workflows, executions } = services;
  const execution = async (id: string): Promise<(RunRecord & { executionId: string; active: boolean; nodes: NodeRecord[] }) | null> => {
    try {
      const found = await executions.get(id);
      return { ...found.execution, executionId: found.execution.runId, active: executions.isActive(id), nodes: found.nodes };
    } catch (error) {
      if (error instanceof TwinGraphError && error.code === 'ERR_NOT_FOUND') return null;
      throw error;
    }
  };
  return {
    Query: {
      workflows: (_root: unknown, args: Args) => guarded(() => workflows.list(parseRequest(listWorkflowsQuerySchema, stripNulls(args), 'query'))),
      workflow: (_root: unknown, args: Args) => guarded(async () => (await workflows.get(String(args['id']), optional(args['version']))) ?? null),
      executions: (_root: unknown, args: Args) => guarded(async () => {
        const { items } = await executions.list(parseRequest(listExecutionsQuerySchema, stripNulls(args), 'query'));
        return items.map((run) => ({ ...run, executionId: run.runId }));
      }),
      execution: (_root: unknown, args: Args) => guarded(() => execution(String(args['id']))),
      component: (_root: unknown, args: Args) => guarded(async () => {
        const lineage = requireLineage(services.lineage);
        if (typeof args['executionId'] === 'string') return (await lineage.getComponent(args['executionId'])) ?? null;
        if (typeof args['hash'] === 'string') return (await lineage.findByHash(args['hash']))[0] ?? null;
        throw new TwinGraphError(PROTOCOL_ERROR_CODES.BAD_REQUEST, 'Give executionId or hash');
      }),
      search: (_root: unknown, args: Args) => guarded(() => {
        const a = stripNulls(args) as { name?: string; platform?: never; status?: never; startTime?: string; endTime?: string; limit?: number };
        return requireLineage(services.lineage).search(a);
      }),
      statistics: () => guarded(() => requireLineage(services.lineage).statistics()),
    },
    Mutation: {
      saveWorkflow: (_root: unknown, args: Args, ctx: Ctx) => guarded(async () => {
        requireEditor(ctx);
        const input = saveInput({ document: args['document'], ...(Array.isArray(args['tags']) ? { tags: args['tags'] } : {}) }, ctx.principal?.subject);
        if (typeof args['id'] !== 'string') return workflows.create(input);
        return (await workflows.update(args['id'], input)) ?? Promise.reject(notFound('Workflow', args['id']));
      }),
      runWorkflow: (_root: unknown, args: Args, ctx: Ctx) => guarded(async () => {
        requireEditor(ctx);
        const body = parseRequest(startExecutionBodySchema, stripNulls(args), 'body');
        return (await executions.start(body, undefined)).executionId;
      }),
      stopExecution: (_root: unknown, args: Args, ctx: Ctx) => guarded(async () => {
        requireEditor(ctx);
        await executions.stop(String(args['id']));
        return execution(String(args['id']));
      }),
    },
    Subscription: {
      executionEvents: {
        subscribe: withFilter(
          (_root: unknown, _args: Args, ctx: Ctx) => ctx.pubsub.subscribe(EXECUTION_EVENTS_TOPIC),
          (payload: { executionEvents: { executionId: string } }, args: Args) => typeof args['executionId'] !== 'string' || payload.executionEvents.executionId === args['executionId'],
        ),
      },
    },
    Workflow: {
      versions: (root: { id: string }) => guarded(async () => (await workflows.versions(root.id)) ?? []),
      executions: (root: { id: string }, args: Args) => guarded(async () => {
        const { items } = await executions.list({ workflowId: root.id, limit: optional(args['limit']) ?? 50, offset: 0 });
        return items.map((run) => ({ ...run, executionId: run.runId }));
      }),
    },
    Execution: {
      nodes: (root: { executionId: string; nodes?: NodeRecord[] }) => guarded(async () => root.nodes ?? (await executions.get(root.executionId)).nodes),
      active: (root: { executionId: string }) => executions.isActive(root.executionId),
      graph: (root: { executionId: string }) => guarded(async () => (await services.lineage?.getRunGraph(root.executionId)) ?? null),
    },
    NodeExecution: {
      component: (root: { executionId: string }) => guarded(async () => (await services.lineage?.getComponent(root.executionId)) ?? null),
    },
    Component: {
      parents: (root: ComponentVertex) => guarded(async () => without((await requireLineage(services.lineage).getUpstream(root.executionId, { depth: 1 })).components, root.executionId)),
      children: (root: ComponentVertex) => guarded(async () => without((await requireLineage(services.lineage).getDownstream(root.executionId, { depth: 1 })).components, root.executionId)),
      upstream: (root: ComponentVertex, args: Args) => guarded(async () => {
        const depth = optional(args['depth']);
        return without((await requireLineage(services.lineage).getUpstream(root.executionId, depth === undefined ? {} : { depth })).components, root.executionId);
      }),
      downstream: (root: ComponentVertex, args: Args) => guarded(async () => {
        const depth = optional(args['depth']);
        return without((await requireLineage(services.lineage).getDownstream(root.executionId, depth === undefined ? {} : { depth })).components, root.executionId);
      }),
    },
  };
}

/** GraphQL passes absent optional arguments as null; the protocol schemas expect them absent. */
function stripNulls(args: Args): Args {
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== null && value !== undefined));
}

/** The subscription payload for one hub event. */
export function executionEventPayload(event: WsEvent): { executionEvents: { id: number; type: string; executionId: string; at: string; payload: WsEvent } } {
  return { executionEvents: { id: event.id, type: event.type, executionId: event.executionId, at: event.at, payload: event } };
}
