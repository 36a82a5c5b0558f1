import { existsSync, readFileSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from './exit-codes.js';
import { REPO_ROOT, runCli, tempHome } from './cli-harness.test-support.js';

const DEMO_1 = 'examples/demo-1-graph-tracing/pipeline.ts';
const FIXTURES = 'packages/twingraph/src/cli/fixtures';

interface JsonRun {
  runId: string;
  status: string;
  result: { sum: number; multiplication: number; subtractions: number[]; lastExecutionId: string; executions: { A: string } };
  executions: Array<{ executionId: string; name: string; hash: string; parents: string[]; outputs: Record<string, unknown>; status: string }>;
}

describe('twingraph CLI', () => {
  let home: string;
  let cleanup: () => void;
  beforeEach(() => ({ home, cleanup } = tempHome()));
  afterEach(() => cleanup());

  it('runs demo 1 and prints every execution with outputs, hash and parents as JSON', async () => {
    const res = await runCli(['run', DEMO_1, '--input', 'seed=7', '--json'], { home });
    expect(res.stderr).not.toContain('error');
    expect(res.code).toBe(EXIT.OK);
    const run = JSON.parse(res.stdout) as JsonRun;
    expect(run.status).toBe('succeeded');
    expect(run.result.sum).toBe(4.14159);
    expect(run.result.multiplication).toBeCloseTo(13.0111777281, 9);
    expect(run.executions.length).toBeGreaterThanOrEqual(22);
    const byId = new Map(run.executions.map((e) => [e.executionId, e]));
    for (const execution of run.executions) {
      expect(execution.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(execution.outputs).toBeTypeOf('object');
      for (const parent of execution.parents) expect(byId.has(parent)).toBe(true);
    }
    expect(byId.get(run.result.executions.A)?.name).toBe('add');
    expect(existsSync(join(home, 'twingraph.db'))).toBe(true);

    const lineage = await runCli(['lineage', run.result.lastExecutionId, '--format', 'json'], { home });
    expect(lineage.code).toBe(EXIT.OK);
    const graph = JSON.parse(lineage.stdout) as { components: Array<{ executionId: string }> };
    expect(graph.components.map((c) => c.executionId)).toContain(run.result.executions.A);

    const text = await runCli(['lineage', run.result.lastExecutionId], { home });
    expect(text.stdout).toContain('add');
    expect(text.stdout).toMatch(/Upstream lineage of \w+/);
    const dot = await runCli(['lineage', run.result.executions.A, '--downstream', '--depth', '1', '--format', 'dot'], { home });
    expect(dot.stdout).toMatch(/^digraph lineage \{/);
    expect(dot.stdout.match(/->/g)).toHaveLength(21);

    const byHash = await runCli(['lineage', byId.get(run.result.executions.A)!.hash, '--format', 'json'], { home });
    expect(JSON.parse(byHash.stdout).start).toBe(run.result.executions.A);

    const list = await runCli(['runs', 'list', '--json'], { home });
    expect((JSON.parse(list.stdout) as Array<{ runId: string }>).map((r) => r.runId)).toContain(run.runId);
    const show = await runCli(['runs', 'show', run.runId], { home });
    expect(show.stdout).toContain('subtract');
    expect(show.stdout).toContain('succeeded');
  });

  it('prints a summary table and the result for a human', async () => {
    const res = await runCli(['run', DEMO_1, '--input', 'seed=1'], { home });
    expect(res.code).toBe(EXIT.OK);
    expect(res.stderr).toMatch(/Run [0-9a-f-]{36} \(demo-1-graph-tracing\) succeeded/);
    expect(res.stderr).toMatch(/subtract\s+20\s+20\s+0/);
    expect(JSON.parse(res.stdout).sum).toBe(4.14159);
  });

  it('exits 1 on a failed run and shows the error and its stack', async () => {
    const res = await runCli(['run', `${FIXTURES}/failing.fixture.ts`], { home });
    expect(res.code).toBe(EXIT.RUN_FAILED);
    expect(res.stderr).toContain('cannot handle 2');
    expect(res.stderr).toContain('after 2 attempt');
    expect(res.stderr).toMatch(/at .*failing\.fixture\.ts/);
    const show = await runCli(['runs', 'list', '--status', 'failed', '--json'], { home });
    expect(JSON.parse(show.stdout)).toHaveLength(1);
  });

  it('explains a missing file, a module without a pipeline, and a syntax error (exit 2)', async () => {
    const missing = await runCli(['run', 'nope/pipeline.ts'], { home });
    expect(missing.code).toBe(EXIT.USAGE);
    expect(missing.stderr).toContain('ERR_MODULE_LOAD_FAILED');
    const noPipeline = await runCli(['run', `${FIXTURES}/no-pipeline.fixture.ts`], { home });
    expect(noPipeline.code).toBe(EXIT.USAGE);
    expect(noPipeline.stderr).toContain('ERR_PIPELINE_NOT_FOUND');
    expect(noPipeline.stderr).toContain('hint: Export one');
    expect(noPipeline.stderr).toContain('notAPipeline');
    const syntax = await runCli(['run', `${FIXTURES}/syntax-error.fixture.ts`], { home });
    expect(syntax.code).toBe(EXIT.USAGE);
    expect(syntax.stderr).toContain('ERR_MODULE_LOAD_FAILED');
    const badInput = await runCli(['run', DEMO_1, '--input', 'noequals'], { home });
    expect(badInput.code).toBe(EXIT.USAGE);
  });

  it('refuses a corrupt store without touching it (exit 3), and unknown ids exit 4', async () => {
    const db = join(home, 'twingraph.db');
    writeFileSync(db, 'this is not a database, it is a text file\n'.repeat(200));
    const before = readFileSync(db);
    const res = await runCli(['run', DEMO_1], { home });
    expect(res.code).toBe(EXIT.STORE);
    expect(res.stderr).toContain('ERR_STORE_CORRUPT');
    expect(readFileSync(db).equals(before)).toBe(true);

    const other = tempHome();
    try {
      const lineage = await runCli(['lineage', 'no-such-execution'], { home: other.home });
      expect(lineage.code).toBe(EXIT.NOT_FOUND);
      expect(lineage.stderr).toContain('ERR_NOT_FOUND');
      const show = await runCli(['runs', 'show', 'no-such-run'], { home: other.home });
      expect(show.code).toBe(EXIT.NOT_FOUND);
    } finally {
      other.cleanup();
    }
  });

  it('keeps earlier runs intact when a later run fails', async () => {
    const ok = await runCli(['run', DEMO_1, '--input', 'seed=2', '--json'], { home });
    const first = JSON.parse(ok.stdout) as JsonRun;
    await runCli(['run', `${FIXTURES}/failing.fixture.ts`], { home });
    const show = await runCli(['runs', 'show', first.runId, '--json'], { home });
    const stored = JSON.parse(show.stdout) as { status: string; nodes: unknown[] };
    expect(stored.status).toBe('succeeded');
    expect(stored.nodes).toHaveLength(first.executions.length);
  });

  it('scaffolds a project with init whose pipeline runs', async () => {
    const project = join(home, 'my-project');
    const init = await runCli(['init', project], { home });
    expect(init.code).toBe(EXIT.OK);
    expect(existsSync(join(project, 'pipeline.ts'))).toBe(true);
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules/twingraph'), join(project, 'node_modules/twingraph'));
    const run = await runCli(['run', 'pipeline.ts', '--json'], { home, cwd: project });
    expect(run.code).toBe(EXIT.OK);
    expect(JSON.parse(run.stdout).result).toEqual({ sum: 3, total: 16 + 25 });
    const again = await runCli(['init', project], { home });
    expect(again.code).toBe(EXIT.USAGE);
  });
});

describe('twingraph validate', () => {
  let home: string;
  let cleanup: () => void;
  beforeEach(() => ({ home, cleanup } = tempHome()));
  afterEach(() => cleanup());

  it('names the cycle in a YAML document and exits 2', async () => {
    const res = await runCli(['validate', `${FIXTURES}/cyclic.workflow.yaml`], { home });
    expect(res.code).toBe(EXIT.USAGE);
    expect(res.stdout).toContain('cycle');
    expect(res.stdout).toMatch(/load → transform → load|transform → load → transform/);
    const json = await runCli(['validate', `${FIXTURES}/cyclic.workflow.yaml`, '--json'], { home });
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, problems: [{ code: 'cycle', path: '$.edges' }] });
  });

  it('reports malformed JSON with its position', async () => {
    const file = join(home, 'broken.json');
    writeFileSync(file, '{ "apiVersion": "twingraph/v1", ');
    const res = await runCli(['validate', file], { home });
    expect(res.code).toBe(EXIT.USAGE);
    expect(res.stderr).toContain('ERR_VALIDATION');
    expect(res.stderr).toContain('not valid JSON');
  });
});
