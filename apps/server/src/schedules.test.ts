import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '@twingraph/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from './create-server.js';
import { loginAs, startTestServer, type TestServer } from './server.test-support.js';
import { FileWorkflowStore } from './workflows/file-workflow-store.js';

const QUICK = {
  apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'tick' },
  nodes: [{ id: 'a', type: 'component', language: 'javascript', outputs: [{ name: 'x', type: 'number' }], code: 'export function process() { return { x: 1 }; }' }],
  edges: [],
};

describe('schedules', () => {
  let t: TestServer;
  let editor: { authorization: string };
  beforeEach(async () => {
    t = await startTestServer();
    editor = await loginAs(t.server, 'eve');
  });
  afterEach(async () => t.cleanup());

  it('runs a workflow on its cron while the server runs; GET shows the next and last run; DELETE stops it', async () => {
    const app = t.server.app;
    const { id } = (await app.inject({ method: 'POST', url: '/api/workflows', headers: editor, payload: { document: QUICK } })).json<{ id: string }>();
    expect((await app.inject({ method: 'GET', url: `/api/workflows/${id}/schedule`, headers: editor })).statusCode).toBe(404);
    const bad = await app.inject({ method: 'PUT', url: `/api/workflows/${id}/schedule`, headers: editor, payload: { cron: 'every tuesday' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'ERR_BAD_REQUEST' });
    const put = await app.inject({ method: 'PUT', url: `/api/workflows/${id}/schedule`, headers: editor, payload: { cron: '* * * * * *' } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ cron: '* * * * * *', timezone: 'UTC', enabled: true, missed: [] });
    expect(Date.parse(put.json<{ nextRunAt: string }>().nextRunAt)).toBeGreaterThan(Date.now() - 1000);

    let runs: Array<{ runId: string }> = [];
    for (let i = 0; i < 50 && runs.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      runs = (await app.inject({ method: 'GET', url: `/api/executions?workflowId=${id}`, headers: editor })).json<{ items: Array<{ runId: string }> }>().items;
    }
    expect(runs.length).toBeGreaterThan(0);
    const schedule = (await app.inject({ method: 'GET', url: `/api/workflows/${id}/schedule`, headers: editor })).json<{ lastExecutionId: string }>();
    expect(schedule.lastExecutionId).toBeDefined();
    expect((await app.inject({ method: 'DELETE', url: `/api/workflows/${id}/schedule`, headers: editor })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/api/workflows/${id}/schedule`, headers: editor })).statusCode).toBe(404);
  });

  it('reports ticks missed while no server was running instead of dropping them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twingraph-sched-'));
    const store = new FileWorkflowStore({ dir });
    const saved = await store.create({ document: QUICK, name: 'tick', hash: 'h' });
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000 - 1000).toISOString();
    await store.putSchedule(saved.id, { workflowId: saved.id, cron: '*/10 * * * *', timezone: 'UTC', enabled: true, updatedAt: hourAgo, lastRunAt: hourAgo, missed: [] });
    const engine = createEngine();
    const server = await createServer({ engine, workflowStore: new FileWorkflowStore({ dir }), logger: false, auth: { mode: 'off' } });
    try {
      const schedule = (await server.app.inject({ method: 'GET', url: `/api/workflows/${saved.id}/schedule` })).json<{ missed: string[] }>();
      expect(schedule.missed.length).toBeGreaterThanOrEqual(6);
      expect(schedule.missed.length).toBeLessThanOrEqual(7);
      expect(schedule.missed.every((at) => new Date(at).getUTCMinutes() % 10 === 0)).toBe(true);
    } finally {
      await server.close();
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
