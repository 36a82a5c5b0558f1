import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from './exit-codes.js';
import { runCli, tempHome } from './cli-harness.test-support.js';

const FIXTURES = 'packages/twingraph/src/cli/fixtures';

interface JsonRun { status: string; result: Record<string, Record<string, unknown>>; executions: Array<{ name: string; status: string }> }

describe('twingraph run <workflow document>', () => {
  let home: string;
  let cleanup: () => void;
  beforeEach(() => ({ home, cleanup } = tempHome()));
  afterEach(() => cleanup());

  it('runs a YAML document with --input, taking the branch its condition says', async () => {
    for (const [value, expected, skipped] of [[20, 40, 'add10'], [5, 15, 'double']] as const) {
      const res = await runCli(['run', `${FIXTURES}/branching.workflow.yaml`, '--input', `value=${value}`, '--json'], { home });
      expect(res.code, res.stderr).toBe(EXIT.OK);
      const run = JSON.parse(res.stdout) as JsonRun;
      expect(run.result.result).toEqual({ value: expected });
      expect(run.executions.find((e) => e.name === skipped)?.status).toBe('skipped');
    }
  });

  it('prints a summary for a person', async () => {
    const res = await runCli(['run', `${FIXTURES}/branching.workflow.yaml`], { home });
    expect(res.code).toBe(EXIT.OK);
    expect(res.stderr).toMatch(/\(branching-yaml\) succeeded/);
    expect(JSON.parse(res.stdout)).toEqual({ result: { value: 15 } });
  });

  it('imports a TwinGraph 2.0 designer document and prints what it assumed', async () => {
    const res = await runCli(['run', `${FIXTURES}/legacy-designer.workflow.json`, '--input', 'count=10', '--json'], { home });
    expect(res.code, res.stderr).toBe(EXIT.OK);
    expect(res.stderr).toContain('warning: This is a TwinGraph 2.0 designer document');
    expect(res.stderr).toMatch(/warning: Node 'node_2': retries 2 imported as retry.maxAttempts 3/);
    expect(res.stderr).toMatch(/ignored data field\(s\) color, selected/);
    expect((JSON.parse(res.stdout) as JsonRun).result).toEqual({ node_2: { total: 55 } });
    const validate = await runCli(['validate', `${FIXTURES}/legacy-designer.workflow.json`], { home });
    expect(validate.code).toBe(EXIT.OK);
    expect(validate.stderr).toContain('warning: This is a TwinGraph 2.0 designer document');
  });

  it('exits 2 on an invalid document, before running anything', async () => {
    const res = await runCli(['run', `${FIXTURES}/cyclic.workflow.yaml`], { home });
    expect(res.code).toBe(EXIT.USAGE);
    expect(res.stderr).toContain('ERR_DAG_CYCLE');
  });

  it('export-ts writes a pipeline module', async () => {
    const out = join(home, 'demo.ts');
    const res = await runCli(['export-ts', 'examples/languages/workflow.json', '-o', out], { home });
    expect(res.code, res.stderr).toBe(EXIT.OK);
    const source = readFileSync(out, 'utf8');
    expect(source).toContain("import { codeComponent, pipeline, type ComponentResult } from 'twingraph';");
    expect(source.match(/= codeComponent\(/g)).toHaveLength(6);
  });
});
