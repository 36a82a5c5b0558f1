import { expect, it } from 'vitest';
import { describeE2E, useBrowserApp } from '../support/index.js';
import { DesignerPage } from './designer-page.js';

const python = (body: string) => `import time\n\ndef process(inputs):\n${body}`;
const workflow = {
  apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'reconnect-during-run' },
  nodes: [
    { id: 'first', type: 'component', language: 'python', platform: 'local', cache: true, code: python('    return {"x": 1}\n'), inputs: [], outputs: [{ name: 'x', type: 'number' }], position: { x: 0, y: 0 } },
    { id: 'slow', type: 'component', language: 'python', platform: 'local', code: python('    print("sleeping")\n    time.sleep(3)\n    return {"x": inputs["x"] + 1}\n'), inputs: [{ name: 'x', type: 'number' }], outputs: [{ name: 'x', type: 'number' }], position: { x: 300, y: 0 } },
    // Fails its first attempt, succeeds on the retry.
    { id: 'last', type: 'component', language: 'python', platform: 'local', retry: { maxAttempts: 2, backoff: { initialMs: 100 } }, code: 'import os\n\ndef process(inputs):\n    if os.environ["TWINGRAPH_ATTEMPT"] == "1":\n        raise RuntimeError("flaky on purpose")\n    return {"x": inputs["x"] + 1}\n', inputs: [{ name: 'x', type: 'number' }], outputs: [{ name: 'x', type: 'number' }], position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: 'first.x->slow.x', source: 'first', sourceHandle: 'x', target: 'slow', targetHandle: 'x' },
    { id: 'slow.x->last.x', source: 'slow', sourceHandle: 'x', target: 'last', targetHandle: 'x' },
  ],
};

describeE2E('designer: the live view catches up after its WebSocket drops mid-run', () => {
  const { server, session } = useBrowserApp();

  it('reconnects with resume and shows every node finished, including what happened while it was away', async () => {
    let connections = 0;
    let dropped = false;
    let executionId: string | undefined;
    const finished = async (): Promise<void> => {
      for (;;) {
        if (executionId !== undefined) {
          const run = (await (await fetch(`${server.url}/api/executions/${executionId}`)).json()) as { status: string };
          if (run.status !== 'running') return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    // Every /ws connection goes through the test. The first is cut as soon as `first` has succeeded; the
    // next one reaches the server only after the run has ended, so the view can only catch up by resuming.
    await session.page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
      connections += 1;
      if (connections === 1) {
        const upstream = ws.connectToServer();
        upstream.onMessage((message) => {
          ws.send(message);
          const text = typeof message === 'string' ? message : message.toString('utf8');
          const id = /"executionId":"([^"]+)"/.exec(text);
          if (id) executionId = id[1];
          if (!dropped && text.includes('"node:status"') && text.includes('"name":"first"') && text.includes('"succeeded"')) {
            dropped = true;
            void ws.close({ code: 4000, reason: 'cut by the test' });
            void upstream.close();
          }
        });
        ws.onMessage((message) => upstream.send(message));
        return;
      }
      const queued: Array<string | Buffer> = [];
      let upstream: ReturnType<typeof ws.connectToServer> | undefined;
      ws.onMessage((message) => (upstream ? upstream.send(message) : queued.push(message)));
      void finished().then(() => {
        upstream = ws.connectToServer();
        upstream.onMessage((message) => ws.send(message));
        for (const message of queued.splice(0)) upstream.send(message);
      });
    });

    const designer = new DesignerPage(session.page, server.url);
    await designer.openDesigner();
    await designer.importText(JSON.stringify(workflow));
    await designer.save();
    await designer.savedWorkflowId();
    await designer.run();
    // While it runs, the canvas is a view: the properties are locked.
    await designer.selectNode('slow');
    await designer.visible('properties-locked');
    expect(await designer.testId('prop-name').isDisabled()).toBe(true);
    await designer.waitForNodes(['first', 'slow', 'last'], 'succeeded', 60_000);
    await designer.textMatching(designer.testId('run-status'), /succeeded/);
    await designer.textMatching(designer.testId('run-connection'), /live/);
    expect(dropped).toBe(true);
    expect(connections).toBeGreaterThanOrEqual(2);

    // The retry that happened while the view was away shows too.
    await designer.textMatching(designer.testId('node-attempt-last'), /attempt 2\/2/);
    await designer.textMatching(designer.testId('run-progress'), /1 retry\b/);
    await designer.openNodeView('last');
    await designer.textMatching(designer.testId('node-view-attempts'), /#1.*failed.*#2.*succeeded/s);
    await designer.testId('node-view-close').click();
    await designer.openNodeView('slow');
    await designer.textMatching(designer.testId('node-view-logs'), /sleeping/);
    await designer.testId('node-view-close').click();

    // Run again: `first` has cache on, so it is reused (cached), the rest runs.
    await designer.run();
    await designer.waitForNodes(['slow', 'last'], 'succeeded', 60_000);
    await designer.waitForNodes(['first'], 'cached');
    await designer.textMatching(designer.testId('run-progress'), /1 cached/);
    await designer.screenshot('designer-retry-cached');
  });
});
