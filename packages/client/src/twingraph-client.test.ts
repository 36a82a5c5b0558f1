import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES, ClientError } from './client-error.js';
import { chainWorkflow, sleepyWorkflow, startClientHarness, type ClientHarness } from './client.test-support.js';

async function rejection(promise: Promise<unknown>): Promise<ClientError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ClientError);
  return error as ClientError;
}

describe('TwinGraphClient REST against a real server', () => {
  let h: ClientHarness;
  beforeAll(async () => {
    h = await startClientHarness();
  });
  afterAll(async () => h.t.cleanup());

  it('surfaces the server error code, message, hint and status', async () => {
    const anonymous = h.newClient();
    const unauthenticated = await rejection(anonymous.workflows.list());
    expect(unauthenticated).toMatchObject({ code: 'ERR_UNAUTHENTICATED', status: 401, category: 'user' });
    expect(unauthenticated.message).not.toBe('');

    const missing = await rejection(h.client.executions.get('no-such-run'));
    expect(missing).toMatchObject({ code: 'ERR_NOT_FOUND', status: 404 });

    const invalid = await rejection(h.client.workflows.create({ document: { apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'x' }, nodes: [{ id: 'a' }], edges: [] } }));
    expect(invalid.status).toBe(400);
    expect(invalid.code).toBe('ERR_VALIDATION');
    expect(Array.isArray(invalid.details['problems'])).toBe(true);

    const viewer = h.newClient();
    await viewer.auth.login({ username: 'vic', password: 'vic-pass' });
    const forbidden = await rejection(viewer.workflows.create({ document: chainWorkflow() }));
    expect(forbidden).toMatchObject({ code: 'ERR_FORBIDDEN', status: 403 });

    const badLogin = await rejection(anonymous.auth.login({ username: 'eve', password: 'wrong' }));
    expect(badLogin).toMatchObject({ code: 'ERR_UNAUTHENTICATED', status: 401 });
  });

  it('authenticates with an API key, a token option, or a token provider', async () => {
    const byKey = h.newClient({ apiKey: 'tg_ci_key_0123456789' });
    expect((await byKey.workflows.list()).items).toBeInstanceOf(Array);
    const token = h.client.token!;
    expect((await h.newClient({ token }).workflows.list()).page).toBe(1);
    const current: { token?: string } = {};
    const byProvider = h.newClient({ token: () => current.token });
    expect((await rejection(byProvider.workflows.list())).status).toBe(401);
    current.token = token;
    expect((await byProvider.workflows.list()).page).toBe(1);
    h.client.auth.logout();
    expect((await rejection(h.client.workflows.list())).code).toBe('ERR_UNAUTHENTICATED');
    await h.client.auth.login({ username: 'eve', password: 'eve-pass' });
  });

  it('saves, versions, schedules, lists and deletes workflows', async () => {
    const created = await h.client.workflows.create({ document: chainWorkflow('crud'), tags: ['client-test'] });
    expect(created).toMatchObject({ name: 'crud', version: 1, tags: ['client-test'] });
    const updated = await h.client.workflows.update(created.id, { document: chainWorkflow('crud') });
    expect(updated.version).toBe(2);
    expect((await h.client.workflows.get(created.id, 1)).version).toBe(1);
    const versions = await h.client.workflows.versions(created.id);
    expect(versions.items.map((v) => v.version)).toEqual([2, 1]);
    const listed = await h.client.workflows.list({ tag: 'client-test' });
    expect(listed.items.map((w) => w.id)).toEqual([created.id]);

    const schedule = await h.client.workflows.setSchedule(created.id, { cron: '0 3 * * *', enabled: false });
    expect(schedule).toMatchObject({ cron: '0 3 * * *', enabled: false, timezone: 'UTC' });
    expect((await h.client.workflows.getSchedule(created.id)).cron).toBe('0 3 * * *');
    expect((await rejection(h.client.workflows.setSchedule(created.id, { cron: 'not a cron' }))).status).toBe(400);
    await h.client.workflows.deleteSchedule(created.id);

    await h.client.workflows.delete(created.id);
    expect((await rejection(h.client.workflows.get(created.id))).code).toBe('ERR_NOT_FOUND');
  });

  it('starts an execution, waits for it, reads it, its logs (paged and followed), lineage and metrics', async () => {
    const { id: workflowId } = await h.client.workflows.create({ document: chainWorkflow('client-run') });
    const { executionId } = await h.client.executions.start({ workflowId, inputs: { start: 10 } }, { idempotencyKey: 'run-once' });
    const replay = await h.client.executions.start({ workflowId, inputs: { start: 10 } }, { idempotencyKey: 'run-once' });
    expect(replay).toEqual({ executionId, replayed: true });

    const followed: string[] = [];
    for await (const line of h.client.executions.followLogs(executionId, { pollMs: 50 })) followed.push(line.line);
    expect(followed.filter((l) => /^[abc] \d$/.test(l))).toEqual(['a 0', 'a 1', 'a 2', 'b 0', 'b 1', 'b 2', 'c 0', 'c 1', 'c 2']);

    const run = await h.client.executions.waitForEnd(executionId);
    expect(run.status).toBe('succeeded');
    const detail = await h.client.executions.get(executionId);
    expect(detail.active).toBe(false);
    expect(detail.nodes.map((n) => [n.name, n.status, n.outputs])).toEqual([['a', 'succeeded', { n: 11 }], ['b', 'succeeded', { n: 12 }], ['c', 'succeeded', { n: 13 }]]);

    const first = await h.client.executions.logs(executionId, { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.more).toBe(true);
    const second = await h.client.executions.logs(executionId, { afterSeq: first.nextAfterSeq, limit: 1000 });
    expect([...first.items, ...second.items].map((l) => l.line)).toEqual(followed);

    const listed = await h.client.executions.list({ workflowId, status: 'succeeded' });
    expect(listed.items.map((r) => r.runId)).toEqual([executionId]);

    const graph = await h.client.graph.execution(executionId);
    expect(graph.components.map((c) => c.name).sort()).toEqual(['a', 'b', 'c']);
    const c = graph.components.find((v) => v.name === 'c')!;
    const lineage = await h.client.graph.component(c.hash, 1);
    expect(lineage.executions[0]!.executionId).toBe(c.executionId);
    expect(lineage.upstream.components.map((v) => v.name).sort()).toEqual(['b', 'c']);
    expect((await h.client.graph.component(c.hash)).upstream.components.map((v) => v.name).sort()).toEqual(['a', 'b', 'c']);
    const stats = await h.client.graph.statistics();
    expect(stats.components).toBeGreaterThanOrEqual(3);
    expect((await h.client.graph.search({ name: 'b', status: 'succeeded' })).items.some((v) => v.executionId === detail.nodes[1]!.executionId)).toBe(true);
    const metrics = await h.client.componentMetrics('a');
    expect(metrics).toMatchObject({ name: 'a', successRate: 1 });
    expect(metrics.count).toBeGreaterThanOrEqual(1);

    const samples = await h.client.metrics();
    expect(samples.some((s) => s.name === 'twingraph_component_executions_total' && s.labels['component'] === 'a' && s.labels['status'] === 'succeeded' && s.value >= 1)).toBe(true);
    expect((await h.client.health()).status).toBe('ok');
  });

  it('stops a running execution: the run ends cancelled', async () => {
    const { id: workflowId } = await h.client.workflows.create({ document: sleepyWorkflow() });
    const { executionId } = await h.client.executions.start({ workflowId });
    // Wait until the node really runs (its first line is logged).
    for await (const line of h.client.executions.followLogs(executionId, { pollMs: 50 })) if (line.line === 'sleeping') break;
    const started = Date.now();
    const stopped = await h.client.executions.stop(executionId);
    expect(stopped.status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await h.client.executions.get(executionId)).nodes[0]!.status).toBe('cancelled');
    expect((await rejection(h.client.executions.stop(executionId))).code).toBe('ERR_CONFLICT');
  });
});

describe('TwinGraphClient transport failures', () => {
  let silent: Server;
  let silentUrl: string;
  beforeAll(async () => {
    // Accepts connections and never answers; and a port nothing listens on.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    silentUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('a server that is down is ERR_NETWORK with status 0 and a hint', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const address = probe.address();
    await new Promise((resolve) => probe.close(resolve));
    const { TwinGraphClient } = await import('./twingraph-client.js');
    const client = new TwinGraphClient({ baseUrl: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}` });
    const error = await rejection(client.health());
    expect(error).toMatchObject({ code: CLIENT_ERROR_CODES.NETWORK, status: 0, category: 'operational', retryable: true });
    expect(error.hint).toMatch(/twingraph serve/);
  });

  it('a server that does not answer is ERR_REQUEST_TIMEOUT; a caller abort is passed through', async () => {
    const { TwinGraphClient } = await import('./twingraph-client.js');
    const client = new TwinGraphClient({ baseUrl: silentUrl, timeoutMs: 200 });
    expect(await rejection(client.executions.list())).toMatchObject({ code: CLIENT_ERROR_CODES.REQUEST_TIMEOUT, status: 0 });
    const controller = new AbortController();
    const pending = new TwinGraphClient({ baseUrl: silentUrl }).executions.list({}, { signal: controller.signal });
    controller.abort(new Error('user left the page'));
    await expect(pending).rejects.toThrow('user left the page');
  });

  it('a response that is not the TwinGraph API is ERR_BAD_RESPONSE', async () => {
    const { TwinGraphClient } = await import('./twingraph-client.js');
    const html = createServer((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>'));
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    const address = html.address();
    try {
      const client = new TwinGraphClient({ baseUrl: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}` });
      const error = await rejection(client.executions.list());
      expect(error).toMatchObject({ code: CLIENT_ERROR_CODES.BAD_RESPONSE, status: 502, retryable: true });
      expect(error.message).toContain('Bad gateway');
    } finally {
      await new Promise((resolve) => html.close(resolve));
    }
  });
});
