import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type RunEvent } from '@twingraph/model';
import { createEngine } from '../engine/engine.js';
import { createComponentDefinition } from '../engine/component-definition.js';
import { runWorkflow } from '../workflow/workflow-runner.js';
import { bash, codeEngine, workflow } from '../workflow/workflow.test-support.js';
import { EnvSecretResolver } from './env-secret-resolver.js';
import { LocalExecutor } from '../executors/local-executor.js';
import { createDefaultRuntimes } from '../runtimes/default-runtimes.js';

const SECRET = 'pa55-w0rd-XYZ';
const secrets = new EnvSecretResolver({ env: { TWINGRAPH_SECRET_DB_PASSWORD: SECRET } });

describe('secrets in runs', () => {
  it('an SDK function gets the resolved env; its log, outputs and error show *** and the graph keeps only the reference', async () => {
    const engine = createEngine({ secrets });
    const events: RunEvent[] = [];
    engine.on((event) => events.push(event));
    const leak = createComponentDefinition({
      spec: {
        name: 'leak', platform: 'local', codeHash: 'leak', env: { DB_PASSWORD: '${secret:DB_PASSWORD}' },
        fn: (_inputs: never, ctx) => {
          ctx.log(`connecting with ${ctx.env.DB_PASSWORD}`);
          return { echoed: ctx.env.DB_PASSWORD, length: ctx.env.DB_PASSWORD!.length };
        },
      },
    });
    const fail = createComponentDefinition({
      spec: { name: 'fail', platform: 'local', codeHash: 'fail', env: { P: '${secret:DB_PASSWORD}' }, fn: (_inputs: never, ctx) => { throw new Error(`bad password ${ctx.env.P}`); } },
    });
    const run = await engine.startRun({ name: 'secrets', version: 'v1', errorHandler: 'continue' });
    const result = await run.call(leak, {});
    await run.call(fail, {}).catch(() => undefined);
    await run.finish({ ok: true });
    expect(result.outputs).toEqual({ echoed: '***', length: SECRET.length });
    const logs = await engine.runStore.getLogs(run.runId);
    expect(logs.map((l) => l.line)).toContain('connecting with ***');
    const everything = JSON.stringify({ logs, events, nodes: await engine.runStore.listNodes(run.runId), graph: await engine.lineageStore!.getRunGraph(run.runId) });
    expect(everything).not.toContain(SECRET);
    expect(everything).toContain('bad password ***');
    expect(engine.secretMasker.mask(`x ${SECRET}`)).toBe('x ***');
  });

  it('a bash code node prints its secret env: the log says ***, the recorded node keeps the reference text', async () => {
    const engine = createEngine({ secrets, executors: [new LocalExecutor({ runtimes: createDefaultRuntimes() })] });
    const doc = workflow('secret-doc', [bash('print', 'echo "password is $DB_PASSWORD"\necho \'::twingraph-outputs::{"ok":true}\'', [], [{ name: 'ok' }], { env: { DB_PASSWORD: '${secret:DB_PASSWORD}' } })]);
    const summary = await runWorkflow(engine, doc);
    expect(summary.status).toBe('succeeded');
    const logs = await engine.runStore.getLogs(summary.runId);
    expect(logs.map((l) => l.line)).toContain('password is ***');
    const run = await engine.runStore.getRun(summary.runId);
    const stored = JSON.stringify({ run, logs, graph: await engine.lineageStore!.getRunGraph(summary.runId) });
    expect(stored).not.toContain(SECRET);
  });

  it('a missing secret fails the component once (no retries) with ERR_SECRET_NOT_FOUND naming it', async () => {
    const engine = codeEngine();
    const doc = workflow('missing-secret', [bash('print', 'echo hi', [], [], { env: { X: '${secret:NOT_DEFINED}' }, retry: { maxAttempts: 3 } })]);
    const summary = await runWorkflow(engine, doc);
    expect(summary.status).toBe('failed');
    const [node] = await engine.runStore.listNodes(summary.runId);
    expect(node).toMatchObject({ status: 'failed', error: { code: ERROR_CODES.SECRET_NOT_FOUND } });
    expect(node!.attempts).toHaveLength(1);
    expect(node!.error!.message).toContain('NOT_DEFINED');
  });
});
