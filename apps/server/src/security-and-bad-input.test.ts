import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_11, loginAs, startTestServer, type TestServer } from './server.test-support.js';

const SECRET = new TextEncoder().encode('test-secret-test-secret-test-secret-0123');
const demo = (): unknown => JSON.parse(readFileSync(DEMO_11, 'utf8'));

describe('auth', () => {
  let t: TestServer;
  beforeEach(async () => (t = await startTestServer()));
  afterEach(async () => t.cleanup());

  it('401 without credentials, with a wrong password, a forged, expired or malformed token, or an unknown API key', async () => {
    const get = (headers: Record<string, string>) => t.server.app.inject({ method: 'GET', url: '/api/workflows', headers });
    expect((await get({})).json()).toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    expect((await get({})).statusCode).toBe(401);
    const wrong = await t.server.app.inject({ method: 'POST', url: '/api/auth/token', payload: { username: 'ada', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    const forged = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory').setIssuer('twingraph').setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-another-secret-01234'));
    expect((await get({ authorization: `Bearer ${forged}` })).statusCode).toBe(401);
    const expired = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('ada').setIssuer('twingraph').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(SECRET);
    const res = await get({ authorization: `Bearer ${expired}` });
    expect(res.statusCode).toBe(401);
    expect(res.json<{ message: string }>().message).toContain('expired');
    expect((await get({ authorization: 'Bearer not.a.jwt' })).statusCode).toBe(401);
    expect((await get({ 'x-api-key': 'tg_wrong' })).statusCode).toBe(401);
  });

  it('403 when the role is missing; viewers read, editors write, API keys work directly or for a token', async () => {
    const viewer = await loginAs(t.server, 'vic');
    expect((await t.server.app.inject({ method: 'GET', url: '/api/workflows', headers: viewer })).statusCode).toBe(200);
    const denied = await t.server.app.inject({ method: 'POST', url: '/api/workflows', headers: viewer, payload: { document: demo() } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'ERR_FORBIDDEN', details: { needed: 'editor' } });
    const byKey = await t.server.app.inject({ method: 'POST', url: '/api/workflows', headers: { 'x-api-key': 'tg_ci_key_0123456789' }, payload: { document: demo() } });
    expect(byKey.statusCode).toBe(201);
    const token = await t.server.app.inject({ method: 'POST', url: '/api/auth/token', payload: { apiKey: 'tg_ci_key_0123456789' } });
    expect(token.json()).toMatchObject({ tokenType: 'Bearer', roles: ['editor'], subject: 'key:ci' });
  });

  it('checks the WebSocket upgrade too', async () => {
    const base = await t.server.listen({ port: 0, host: '127.0.0.1' });
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(401);
  });

  it('auth off: every request is the local admin', async () => {
    await t.cleanup();
    t = await startTestServer({ auth: { mode: 'off' } });
    const res = await t.server.app.inject({ method: 'POST', url: '/api/workflows', payload: { document: demo() } });
    expect(res.statusCode).toBe(201);
  });

  it('/health and /docs are public; /health checks the stores', async () => {
    const health = await t.server.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', checks: { store: { status: 'ok' }, graph: { status: 'ok' }, workflows: { status: 'ok' } } });
    const spec = await t.server.app.inject({ method: 'GET', url: '/docs/json' });
    expect(spec.json<{ paths: Record<string, unknown> }>().paths).toHaveProperty(['/api/executions/{id}/stop']);
    // Request schemas come from @twingraph/protocol.
    expect(spec.json()).toHaveProperty(['paths', '/api/executions', 'post', 'requestBody', 'content', 'application/json', 'schema', 'properties', 'workflowId']);
    expect(spec.json<{ paths: Record<string, { get: { parameters: Array<{ name: string }> } }> }>().paths['/api/graph/search']!.get.parameters.map((p) => p.name)).toContain('start_time');
    expect((await t.server.app.inject({ method: 'GET', url: '/docs' })).headers['content-type']).toContain('text/html');
  });

  it('/health is 503 when a store fails', async () => {
    t.engine.runStore.listRuns = () => Promise.reject(new Error('disk on fire'));
    const health = await t.server.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'fail', checks: { store: { status: 'fail', error: 'disk on fire' } } });
  });
});

describe('bad input', () => {
  let t: TestServer;
  let editor: { authorization: string };
  beforeEach(async () => {
    t = await startTestServer({ bodyLimitBytes: 64 * 1024 });
    editor = await loginAs(t.server, 'eve');
  });
  afterEach(async () => t.cleanup());

  it('malformed JSON → 400 ERR_BAD_REQUEST; wrong types → 400 with every problem', async () => {
    const malformed = await t.server.app.inject({ method: 'POST', url: '/api/workflows', headers: { ...editor, 'content-type': 'application/json' }, payload: '{"document": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'ERR_BAD_REQUEST' });
    const types = await t.server.app.inject({ method: 'POST', url: '/api/executions', headers: editor, payload: { workflowId: 7, version: 'one', extra: true } });
    expect(types.statusCode).toBe(400);
    expect(types.json<{ details: { problems: unknown[] } }>().details.problems.length).toBeGreaterThanOrEqual(3);
    const query = await t.server.app.inject({ method: 'GET', url: '/api/workflows?page=zero', headers: editor });
    expect(query.statusCode).toBe(400);
  });

  it('an invalid document → 400 ERR_VALIDATION with every validation problem', async () => {
    const document = demo() as { nodes: Array<Record<string, unknown>>; edges: Array<Record<string, unknown>> };
    document.nodes[0]!['language'] = 'cobol';
    document.nodes[1]!['colour'] = 'blue';
    document.edges.push({ from: 'nowhere', fromPort: 'x', to: 'split_text', toPort: 'documents' });
    const res = await t.server.app.inject({ method: 'POST', url: '/api/workflows', headers: editor, payload: { document } });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ code: string; details: { problems: Array<{ path: string }> } }>();
    expect(body.code).toBe('ERR_VALIDATION');
    expect(body.details.problems.length).toBeGreaterThanOrEqual(2);
  });

  it('unknown ids → 404 with a code', async () => {
    for (const url of ['/api/workflows/nope', '/api/workflows/nope/versions', '/api/executions/nope', '/api/executions/nope/logs', '/api/graph/execution/nope', '/api/graph/component/abc', '/api/metrics/components/nope']) {
      const res = await t.server.app.inject({ method: 'GET', url, headers: editor });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ code: 'ERR_NOT_FOUND' });
    }
    expect((await t.server.app.inject({ method: 'POST', url: '/api/executions', headers: editor, payload: { workflowId: 'nope' } })).statusCode).toBe(404);
    expect((await t.server.app.inject({ method: 'POST', url: '/api/executions/nope/stop', headers: editor })).statusCode).toBe(404);
    expect((await t.server.app.inject({ method: 'GET', url: '/api/nothing-here', headers: editor })).json()).toMatchObject({ code: 'ERR_ROUTE_NOT_FOUND' });
  });

  it('oversized bodies → 413', async () => {
    const res = await t.server.app.inject({ method: 'POST', url: '/api/workflows', headers: editor, payload: { document: { padding: 'x'.repeat(100 * 1024) } } });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'ERR_PAYLOAD_TOO_LARGE' });
  });
});

describe('rate limiting', () => {
  it('sends X-RateLimit-* headers and 429 with a code on floods', async () => {
    const t = await startTestServer({ rateLimitMax: 3 });
    try {
      const first = await t.server.app.inject({ method: 'GET', url: '/health' });
      expect(first.headers['x-ratelimit-limit']).toBe('3');
      expect(first.headers['x-ratelimit-remaining']).toBe('2');
      await t.server.app.inject({ method: 'GET', url: '/health' });
      await t.server.app.inject({ method: 'GET', url: '/health' });
      const flooded = await t.server.app.inject({ method: 'GET', url: '/health' });
      expect(flooded.statusCode).toBe(429);
      expect(flooded.json()).toMatchObject({ code: 'ERR_RATE_LIMITED' });
      expect(flooded.headers['retry-after']).toBeDefined();
    } finally {
      await t.cleanup();
    }
  });
});
