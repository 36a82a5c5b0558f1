import type { FastifyInstance } from 'fastify';
// The swagger plugin adds 'tags' and 'summary' to route schemas.
import type {} from '@fastify/swagger';
import { sha256Hex } from '@twingraph/core';
import { canonicalJson, ERROR_CODES, TwinGraphError, validateWorkflow, type WorkflowDocument } from '@twingraph/model';
import { getWorkflowQuerySchema, listWorkflowsQuerySchema, saveWorkflowBodySchema, workflowIdParamsSchema } from '@twingraph/protocol';
import { notFound, parseRequest } from '../http/api-errors.js';
import { openApiSchema } from '../http/openapi-schema.js';
import type { SaveWorkflowInput, WorkflowStore } from './workflow-store.js';

/** Validates a document; a 400 carries every problem validateWorkflow found. */
export function validatedDocument(document: unknown): WorkflowDocument {
  const validation = validateWorkflow(document);
  if (validation.ok) return validation.document;
  throw new TwinGraphError(ERROR_CODES.VALIDATION, `The workflow document has ${validation.problems.length} problem(s): ${validation.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, {
    details: { problems: validation.problems },
    hint: 'Fix every problem listed in details.problems (see docs/workflow-format.md).',
  });
}

/** A save request's body → what the store keeps (validated document, name, canonical hash). */
export function saveInput(body: unknown, createdBy: string | undefined): SaveWorkflowInput {
  const parsed = parseRequest(saveWorkflowBodySchema, body, 'body');
  const document = validatedDocument(parsed.document);
  return {
    // The document as sent is kept (not the parsed one with defaults), so the designer gets back what it saved.
    document: parsed.document,
    name: document.metadata.name,
    hash: sha256Hex(canonicalJson(document, 'workflow document')),
    tags: parsed.tags ?? document.metadata.tags,
    createdBy,
  };
}

export function registerWorkflowRoutes(app: FastifyInstance, store: WorkflowStore, onDelete: (id: string) => void = () => undefined): void {
  const tags = ['workflows'];
  app.get('/api/workflows', { schema: { tags, summary: 'List saved workflows (page, size, tag, name)', querystring: openApiSchema(listWorkflowsQuerySchema) } }, async (request) => {
    return store.list(parseRequest(listWorkflowsQuerySchema, request.query, 'query'));
  });

  app.post('/api/workflows', { schema: { tags, summary: 'Save a new workflow (version 1)', body: openApiSchema(saveWorkflowBodySchema) } }, async (request, reply) => {
    const saved = await store.create(saveInput(request.body, request.principal?.subject));
    return reply.status(201).header('location', `/api/workflows/${saved.id}`).send(saved);
  });

  app.get('/api/workflows/:id', { schema: { tags, summary: 'A workflow: its latest version, or ?version=', params: openApiSchema(workflowIdParamsSchema), querystring: openApiSchema(getWorkflowQuerySchema) } }, async (request) => {
    const { id } = parseRequest(workflowIdParamsSchema, request.params, 'params');
    const { version } = parseRequest(getWorkflowQuerySchema, request.query, 'query');
    const workflow = await store.get(id, version);
    if (workflow === undefined) throw notFound(version === undefined ? 'Workflow' : `Version ${version} of workflow`, id);
    return workflow;
  });

  app.put('/api/workflows/:id', { schema: { tags, summary: 'Save a new immutable version', params: openApiSchema(workflowIdParamsSchema), body: openApiSchema(saveWorkflowBodySchema) } }, async (request) => {
    const { id } = parseRequest(workflowIdParamsSchema, request.params, 'params');
    const saved = await store.update(id, saveInput(request.body, request.principal?.subject));
    if (saved === undefined) throw notFound('Workflow', id);
    return saved;
  });

  app.delete('/api/workflows/:id', { schema: { tags, summary: 'Delete a workflow (its versions are kept for the runs that used them)' } }, async (request, reply) => {
    const { id } = parseRequest(workflowIdParamsSchema, request.params, 'params');
    if (!(await store.delete(id))) throw notFound('Workflow', id);
    onDelete(id);
    return reply.status(204).send();
  });

  app.get('/api/workflows/:id/versions', { schema: { tags, summary: 'Every saved version, newest first' } }, async (request) => {
    const { id } = parseRequest(workflowIdParamsSchema, request.params, 'params');
    const versions = await store.versions(id);
    if (versions === undefined) throw notFound('Workflow', id);
    return { items: versions };
  });
}
