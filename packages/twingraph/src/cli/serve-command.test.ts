import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, startServe, tempHome } from './cli-harness.test-support.js';
import { isLoopback, serveAuthFromEnv } from './commands/serve-auth.js';

describe('serve auth from the environment', () => {
  it('is off by default on localhost, on elsewhere, and refuses off on other interfaces', () => {
    expect(isLoopback('127.0.0.1') && isLoopback('localhost') && isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0') || isLoopback('10.0.0.5')).toBe(false);
    expect(serveAuthFromEnv({}, '127.0.0.1')).toEqual({ mode: 'off' });
    expect(() => serveAuthFromEnv({ TWINGRAPH_AUTH: 'off' }, '0.0.0.0')).toThrow(/only allowed on localhost/);
    expect(() => serveAuthFromEnv({}, '0.0.0.0')).toThrow(/no user or API key/);
    const on = serveAuthFromEnv({ TWINGRAPH_ADMIN_PASSWORD: 'pw', TWINGRAPH_API_KEYS: 'ci:editor:k1,ro:viewer:k2' }, '0.0.0.0');
    expect(on.mode).toBe('on');
    expect(on.users?.map((u) => [u.username, u.roles])).toEqual([['admin', ['admin']]]);
    expect(on.apiKeys).toEqual([{ name: 'ci', roles: ['editor'], key: 'k1' }, { name: 'ro', roles: ['viewer'], key: 'k2' }]);
    expect(serveAuthFromEnv({ TWINGRAPH_AUTH: 'on', TWINGRAPH_USERS: 'vic:viewer:pw' }, 'localhost').mode).toBe('on');
    expect(() => serveAuthFromEnv({ TWINGRAPH_API_KEYS: 'ci:boss:k1' }, '0.0.0.0')).toThrow(/role one of/);
    expect(() => serveAuthFromEnv({ TWINGRAPH_AUTH: 'maybe' }, 'localhost')).toThrow(/'on' or 'off'/);
  });
});

describe('twingraph serve', () => {
  let home: string;
  let cleanup: () => void;
  beforeEach(() => ({ home, cleanup } = tempHome()));
  afterEach(() => cleanup());

  it('serves the API on localhost with auth off, runs a saved workflow, and stops cleanly on SIGTERM', async () => {
    const serve = await startServe(home);
    const { base } = serve;
    let exited: Promise<number>;
    try {
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const document = JSON.parse(readFileSync(join(REPO_ROOT, 'examples/demo-11-designer-workflow/workflow.json'), 'utf8')) as unknown;
      const saved = (await (await fetch(`${base}/api/workflows`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ document }) })).json()) as { id: string };
      const started = await fetch(`${base}/api/executions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ workflowId: saved.id }) });
      expect(started.status).toBe(202);
      const { executionId } = (await started.json()) as { executionId: string };
      let status = 'running';
      for (let i = 0; i < 300 && status === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = ((await (await fetch(`${base}/api/executions/${executionId}`)).json()) as { status: string }).status;
      }
      expect(status).toBe('succeeded');
    } finally {
      exited = serve.stop();
    }
    expect(await exited, serve.stderr()).toBe(0);
  });
});
