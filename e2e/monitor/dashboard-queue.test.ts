import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithService } from '@twingraph/testing';
import { CLI_MAIN, describeE2E, eventually, launchBrowser, openSession, startServerFixture, type ServerFixture } from '../support/index.js';
import { apiClient, diffWorkflow } from './monitor-fixtures.js';
import { DashboardPageObject } from './monitor-pages.js';

const REDIS_URL = process.env['TWINGRAPH_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** True when something answers PING on the Redis port within a second. */
function redisAnswers(): Promise<boolean> {
  const { hostname, port } = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data: Buffer) => done(data.toString('utf8').startsWith('+PONG')));
  });
}

await describeWithService('redis', redisAnswers, 'dashboard with queue workers (Redis)', () => {
  describeE2E('queue and worker health in the browser', () => {
    const queue = `e2e-dashboard-${process.pid}-${Date.now()}`;
    let server: ServerFixture;
    let browser: Browser;
    let worker: ChildProcess | undefined;
    let workerLog = '';
    beforeAll(async () => {
      server = await startServerFixture({ env: { TWINGRAPH_REDIS_URL: REDIS_URL, TWINGRAPH_QUEUE: queue } });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      if (worker !== undefined && worker.exitCode === null) {
        const exited = new Promise((resolve) => worker!.once('exit', resolve));
        worker.kill('SIGTERM');
        await exited;
      }
      await browser?.close();
      await server?.dispose();
    });

    it('shows the queue with no worker, then the worker that joins and the run it executes', async () => {
      const session = await openSession(browser, server.url);
      try {
        const dashboard = new DashboardPageObject(session.page, server.url);
        await dashboard.openDashboard();
        await session.page.locator(`[data-testid="queue-row"][data-queue="${queue}"]`).waitFor();
        await session.page.locator('[data-testid="health-queue"][data-status="ok"]').waitFor();
        expect(await session.page.locator('[data-testid="queue-row"] td').count()).toBe(4);
        expect(await session.page.locator('[data-testid="queue-row"] td').nth(3).textContent()).toBe('0');

        worker = spawn(process.execPath, [CLI_MAIN, 'worker', '--redis', REDIS_URL, '--queue', queue, '--concurrency', '2'], {
          cwd: server.home,
          env: { ...process.env, TWINGRAPH_HOME: `${server.home}/.twingraph`, TWINGRAPH_DOCKER: 'off' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        worker.stdout?.on('data', (c: Buffer) => { workerLog += c.toString('utf8'); });
        worker.stderr?.on('data', (c: Buffer) => { workerLog += c.toString('utf8'); });
        // The dashboard reads the gauges every 10 s; a reload shows them at once.
        await eventually('the worker on the dashboard', async () => {
          if (worker?.exitCode !== null) throw new Error(`the worker exited: ${workerLog}`);
          await session.page.reload();
          await dashboard.visible('dashboard-page');
          await session.page.locator('[data-testid="queue-row"]').first().waitFor();
          return (await session.page.locator('[data-testid="queue-row"] td').nth(3).textContent()) === '1';
        }, 30_000);

        const client = apiClient(server.url);
        const { id: workflowId } = await client.workflows.create({ document: diffWorkflow() });
        const { executionId } = await client.executions.start({ workflowId, inputs: { factor: 7 } });
        expect((await client.executions.waitForEnd(executionId)).status).toBe('succeeded');
        await eventually('the run on the dashboard', async () => (await dashboard.recentExecutionIds()).includes(executionId));
        await dashboard.screenshot('dashboard-queue');
      } finally {
        await session.close();
      }
    });
  });
});
