import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeE2E, eventually, launchBrowser, openSession, startServerFixture, type ServerFixture } from '../support/index.js';
import { apiClient, sleepyWorkflow } from './monitor-fixtures.js';
import { ExecutionDetailPage } from './monitor-pages.js';

describeE2E('execution monitor with auth on', () => {
  let server: ServerFixture;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServerFixture({ env: { TWINGRAPH_AUTH: 'on', TWINGRAPH_ADMIN_PASSWORD: 'e2e-admin-pass', TWINGRAPH_USERS: 'vera:viewer:vera-pass' } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('a viewer signs in, follows a run live over an authenticated WebSocket, cannot stop it, and sees API errors', async () => {
    const admin = apiClient(server.url);
    await admin.auth.login({ username: 'admin', password: 'e2e-admin-pass' });
    const { id: workflowId } = await admin.workflows.create({ document: sleepyWorkflow() });
    const { executionId } = await admin.executions.start({ workflowId });

    const session = await openSession(browser, server.url);
    try {
      const page = new ExecutionDetailPage(session.page, server.url);
      await page.open(`/executions/${executionId}`);
      await page.visible('login-page');
      await page.testId('login-username').fill('vera');
      await page.testId('login-password').fill('vera-pass');
      await page.testId('login-submit').click();
      await page.waitForStatus('running');
      // The socket carries the token (?token=): without it the server refuses the upgrade.
      await page.waitForWsState('open');
      await page.dagNode('nap').and(session.page.locator('[data-status="running"]')).waitFor();

      // Stop needs the editor role: the button says so instead of earning a 403.
      expect(await page.testId('stop-execution').isDisabled()).toBe(true);
      expect(await page.testId('stop-execution').getAttribute('title')).toMatch(/editor role/);
      await page.screenshot('execution-viewer');

      // An editor stops it elsewhere: the viewer's page sees it live.
      await admin.executions.stop(executionId);
      await page.waitForStatus('cancelled');
      await eventually('the node cancelled', async () => (await page.dagStatuses())['nap'] === 'cancelled');

      // An unknown execution: the server's code and message on the page.
      await page.open('/executions/no-such-execution');
      const panel = session.page.locator('[data-testid="error-panel"][data-code="ERR_NOT_FOUND"]');
      await panel.waitFor();
      expect(await panel.textContent()).toMatch(/no-such-execution/);
    } finally {
      await session.close();
    }
  });
});
