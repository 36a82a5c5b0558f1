import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { TwinGraphClient } from '@twingraph/client';
import { describeE2E, eventually, launchBrowser, openSession, startServerFixture, type BrowserSession, type ServerFixture } from '../support/index.js';
import { apiClient, diamondWorkflow, diffWorkflow, sleepyWorkflow, slowChainWorkflow } from './monitor-fixtures.js';
import { ExecutionDetailPage, ExecutionsListPage, RunDiffPageObject } from './monitor-pages.js';

describeE2E('execution monitor in the browser', () => {
  let server: ServerFixture;
  let browser: Browser;
  let client: TwinGraphClient;
  let session: BrowserSession | undefined;
  beforeAll(async () => {
    server = await startServerFixture();
    browser = await launchBrowser();
    client = apiClient(server.url);
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('lists executions with filters and shows a real run: DAG, timeline, logs, node details', async () => {
    const { id: workflowId } = await client.workflows.create({ document: diffWorkflow() });
    const { executionId } = await client.executions.start({ workflowId, inputs: { factor: 5 } });
    expect((await client.executions.waitForEnd(executionId)).status).toBe('succeeded');

    session = await openSession(browser, server.url);
    const list = new ExecutionsListPage(session.page, server.url);
    await list.openList();
    await list.waitForRow(executionId, 'succeeded');
    await list.screenshot('executions-list');
    await list.filterStatus('failed');
    await eventually('the failed filter to hide the run', async () => (await list.rowIds()).length === 0);
    await list.testId('executions-empty').waitFor();
    await list.filterStatus('succeeded');
    await list.waitForRow(executionId);
    expect(session.page.url()).toContain('status=succeeded');
    // A run started elsewhere shows up without a reload (the list follows /ws).
    const another = await client.executions.start({ workflowId, inputs: { factor: 6 } });
    await list.waitForRow(another.executionId, 'succeeded');

    await list.row(executionId).getByTestId('execution-link').click();
    const page = new ExecutionDetailPage(session.page, server.url);
    await page.waitForStatus('succeeded');
    expect(await page.dagStatuses()).toEqual({ a: 'succeeded', b: 'succeeded', c: 'succeeded' });
    const bars = await page.ganttBars();
    expect(bars.map((b) => b.name).sort()).toEqual(['a', 'b', 'c']);
    // A chain never runs two nodes at once: one lane.
    expect(new Set(bars.map((b) => b.lane))).toEqual(new Set([0]));
    expect(await page.logLines()).toEqual(expect.arrayContaining(['a starts', 'b multiplies by 5', 'c adds one']));
    await page.selectNode('b');
    expect(JSON.parse((await page.testId('inspector-outputs').textContent())!)).toEqual({ n: 15 });
    expect(JSON.parse((await page.testId('inspector-inputs').textContent())!)).toMatchObject({ n: 3, factor: 5 });
    // The logs follow the selected node.
    await eventually('logs of b only', async () => (await page.logLines()).join('|') === 'b multiplies by 5');
    await page.screenshot('execution-page');
  });

  it('the timeline puts components that ran at the same time on parallel lanes', async () => {
    const { id: workflowId } = await client.workflows.create({ document: diamondWorkflow() });
    const { executionId } = await client.executions.start({ workflowId });
    expect((await client.executions.waitForEnd(executionId)).status).toBe('succeeded');
    session = await openSession(browser, server.url);
    const page = new ExecutionDetailPage(session.page, server.url);
    await page.openExecution(executionId);
    await page.waitForStatus('succeeded');
    const lanes = Object.fromEntries((await page.ganttBars()).map((b) => [b.name, b.lane]));
    expect(Object.keys(lanes).sort()).toEqual(['a', 'b', 'c', 'd']);
    // b and c overlapped (a second each, side by side): two lanes; a and d ran alone.
    expect(lanes['b']).not.toBe(lanes['c']);
    expect(await page.testId('gantt').getAttribute('data-lanes')).toBe('2');
    expect(await page.dagStatuses()).toEqual({ a: 'succeeded', b: 'succeeded', c: 'succeeded', d: 'succeeded' });
    await page.screenshot('execution-parallel');
  });

  it('follows a run live and stops a long run from the execution page: the run really stops, cancelled', async () => {
    const { id: workflowId } = await client.workflows.create({ document: sleepyWorkflow() });
    const { executionId } = await client.executions.start({ workflowId });
    session = await openSession(browser, server.url);
    const page = new ExecutionDetailPage(session.page, server.url);
    await page.openExecution(executionId);
    await page.waitForWsState('open');
    await page.dagNode('nap').and(session.page.locator('[data-status="running"]')).waitFor();
    await eventually('the first log line', async () => (await page.logLines()).includes('sleeping'));
    await page.screenshot('execution-running');
    const clicked = Date.now();
    await page.stop();
    await page.waitForStatus('cancelled', 15_000);
    expect(Date.now() - clicked).toBeLessThan(15_000);
    const run = await client.executions.get(executionId);
    expect(run).toMatchObject({ status: 'cancelled', active: false });
    expect(run.nodes.map((n) => n.status)).toEqual(['cancelled']);
    expect(await page.dagStatuses()).toEqual({ nap: 'cancelled' });
    expect(await page.testId('stop-execution').count()).toBe(0);
  });

  it('compares two runs of the same workflow with different inputs: the first differing node is highlighted', async () => {
    const { id: workflowId } = await client.workflows.create({ document: diffWorkflow() });
    const first = await client.executions.start({ workflowId, inputs: { factor: 2 } });
    await client.executions.waitForEnd(first.executionId);
    const second = await client.executions.start({ workflowId, inputs: { factor: 3 } });
    await client.executions.waitForEnd(second.executionId);

    session = await openSession(browser, server.url);
    const list = new ExecutionsListPage(session.page, server.url);
    await list.openList(`?workflowId=${workflowId}`);
    await list.waitForRow(first.executionId);
    await list.waitForRow(second.executionId);
    await list.compare(first.executionId, second.executionId);
    const diff = new RunDiffPageObject(session.page, server.url);
    // a computed the same thing in both runs; b got another factor; c another n.
    expect(await diff.firstDifference()).toEqual({ node: 'b', differences: 'inputs,outputs,hash' });
    const rows = await diff.rows();
    expect(rows.map((r) => r.node)).toEqual(['a', 'b', 'c']);
    expect(rows[0]!.differences.split(',').filter((d) => d !== 'duration' && d !== '')).toEqual([]);
    expect(rows[2]!.differences).toContain('inputs');
    expect(await diff.testId('first-difference-name').textContent()).toBe('b');
    expect(JSON.parse((await diff.testId('diff-outputs-a').textContent())!)).toEqual({ n: 6 });
    expect(JSON.parse((await diff.testId('diff-outputs-b').textContent())!)).toEqual({ n: 9 });
    await diff.screenshot('run-diff');
  });

  it('a lost WebSocket reconnects, resumes from the last event id and catches up with what it missed', async () => {
    const { id: workflowId } = await client.workflows.create({ document: slowChainWorkflow(1) });
    session = await openSession(browser, server.url);
    const frames: string[] = [];
    let blocked = false;
    const live: Array<{ close(): Promise<void> }> = [];
    // Every page WebSocket goes through this proxy, so the test can cut it like a network failure would.
    await session.page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
      if (blocked) {
        void ws.close({ code: 4000, reason: 'network down' }).catch(() => undefined);
        return;
      }
      const upstream = ws.connectToServer();
      ws.onMessage((message) => {
        frames.push(String(message));
        upstream.send(message);
      });
      upstream.onMessage((message) => ws.send(message));
      live.push({ close: async () => { await ws.close(); await upstream.close(); } });
    });
    const { executionId } = await client.executions.start({ workflowId });
    const page = new ExecutionDetailPage(session.page, server.url);
    await page.openExecution(executionId);
    await page.waitForWsState('open');
    await eventually('a to start', async () => (await page.logLines()).includes('a one'));

    blocked = true;
    await live.at(-1)!.close();
    await page.waitForWsState('reconnecting');
    // The rest of the run happens while the page cannot hear about it.
    expect((await client.executions.waitForEnd(executionId)).status).toBe('succeeded');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await page.status()).toBe('running');
    const before = frames.length;

    blocked = false;
    await page.waitForStatus('succeeded', 20_000);
    await page.waitForWsState('open');
    const resumed = frames.slice(before).map((f) => JSON.parse(f) as { type: string; resumeFrom?: number }).find((f) => f.type === 'subscribe');
    expect(resumed?.resumeFrom).toBeGreaterThan(0);
    expect(await page.dagStatuses()).toEqual({ a: 'succeeded', b: 'succeeded', c: 'succeeded' });
    await eventually('every log line once', async () => (await page.logLines()).length === 6);
    expect(await page.logLines()).toEqual(['a one', 'a two', 'b one', 'b two', 'c one', 'c two']);
    await page.screenshot('execution-reconnected');
  });
});
