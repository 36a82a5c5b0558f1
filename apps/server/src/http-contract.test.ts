import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type TestServer } from './server.test-support.js';

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>; security?: unknown[] };

describe('HTTP contract (found by schemathesis)', () => {
  let t: TestServer;
  let editor: { authorization: string };
  beforeAll(async () => {
    t = await startTestServer();
    editor = await loginAs(t.server, 'eve');
  });
  afterAll(async () => t.cleanup());

  it('/docs/json gives every operation a success response schema and the error schema for 4XX/5XX', async () => {
    const spec = (await t.server.app.inject({ method: 'GET', url: '/docs/json' })).json<{ paths: Record<string, Record<string, Operation>> }>();
    const operations = Object.entries(spec.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })));
    expect(operations.length).toBeGreaterThanOrEqual(22);
    for (const { name, op } of operations) {
      const statuses = Object.keys(op.responses ?? {});
      const success = statuses.filter((s) => s.startsWith('2'));
      expect(success, name).not.toHaveLength(0);
      for (const status of success.filter((s) => s !== '204')) {
        const content = op.responses![status]!.content ?? {};
        const schema = Object.values(content)[0]?.schema;
        expect(schema, `${name} ${status}`).toBeDefined();
        expect(Object.keys(schema!).length, `${name} ${status} schema is empty`).toBeGreaterThan(0);
      }
      const clientError = op.responses!['4XX']?.content?.['application/json']?.schema as { required?: string[] } | undefined;
      expect(clientError?.required, name).toEqual(['code', 'message']);
    }
    const execution = spec.paths['/api/executions/{id}']!['get']!.responses!['200']!.content!['application/json']!.schema as { properties: Record<string, unknown>; required: string[] };
    expect(execution.required).toEqual(expect.arrayContaining(['runId', 'status', 'active', 'nodes']));
    expect(spec.paths['/health']!['get']!.security).toEqual([]);
    const start = spec.paths['/api/executions']!['post'] as Operation & { parameters?: Array<{ name: string; in: string }> };
    expect(start.parameters).toContainEqual(expect.objectContaining({ name: 'idempotency-key', in: 'header' }));
    expect(spec.paths['/health']!['get']!.responses!['503']).toBeDefined();
  });

  it('a valid API key does not excuse a bad, empty or unsupported Authorization header', async () => {
    const key = { 'x-api-key': 'tg_ci_key_0123456789' };
    expect((await t.server.app.inject({ method: 'GET', url: '/api/workflows', headers: key })).statusCode).toBe(200);
    for (const authorization of ['Bearer not-a-token', '', 'Basic YWRhOmFkYS1wYXNz']) {
      const res = await t.server.app.inject({ method: 'GET', url: '/api/workflows', headers: { ...key, authorization } });
      expect(res.statusCode, `Authorization: '${authorization}'`).toBe(401);
      expect(res.json<{ code: string }>().code).toBe('ERR_UNAUTHENTICATED');
    }
  });

  it('a known path with another method is 405 with Allow (also for methods Fastify does not route, like QUERY)', async () => {
    const trace = await t.server.app.inject({ method: 'DELETE', url: '/api/executions', headers: editor });
    expect(trace.statusCode).toBe(405);
    expect(trace.headers['allow']).toBe('GET, HEAD, POST');
    expect(trace.json()).toMatchObject({ code: 'ERR_METHOD_NOT_ALLOWED', details: { allowed: ['GET', 'HEAD', 'POST'] } });
    const query = await t.server.app.inject({ method: 'QUERY' as 'GET', url: '/api/executions/abc', headers: editor });
    expect(query.statusCode).toBe(405);
    expect(query.headers['allow']).toBe('GET, HEAD');
    const unknown = await t.server.app.inject({ method: 'GET', url: '/api/nothing-here', headers: editor });
    expect(unknown.statusCode).toBe(404);
  });

  it('an empty query value is a 400 naming it (not coerced to 0)', async () => {
    const res = await t.server.app.inject({ method: 'GET', url: '/api/executions?offset=&limit=5', headers: editor });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ERR_BAD_REQUEST', details: { problems: [{ path: 'query.offset', code: 'empty' }] } });
    expect((await t.server.app.inject({ method: 'GET', url: '/api/executions?offset=0', headers: editor })).statusCode).toBe(200);
  });

  it('a path parameter longer than documented is the route\'s 400, not a bare 414', async () => {
    const res = await t.server.app.inject({ method: 'DELETE', url: `/api/workflows/${'0'.repeat(300)}`, headers: editor });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ code: string }>().code).toBe('ERR_BAD_REQUEST');
  });
});
