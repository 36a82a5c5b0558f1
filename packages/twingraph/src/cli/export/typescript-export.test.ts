import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDefaultRuntimes, createEngine, LocalExecutor, runWorkflow } from '@twingraph/core';
import { exportTypeScript } from './typescript-export.js';
import { REPO_ROOT } from '../cli-harness.test-support.js';

const engine = createEngine({ executors: [new LocalExecutor({ runtimes: createDefaultRuntimes() })] });
// Inside the repo, so the generated module resolves 'twingraph' like a user's project would.
const dir = mkdtempSync(join(REPO_ROOT, 'packages/twingraph/.export-test-'));
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Exported { default: { run(args: Record<string, unknown>, options: { engine: typeof engine }): Promise<{ status: string; runId: string; result?: unknown }> } }

async function compare(file: string, inputs: Record<string, unknown>): Promise<void> {
  const document = JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as unknown;
  const { source } = exportTypeScript(document, file);
  const out = join(dir, `${file.replace(/\W/g, '_')}.ts`);
  writeFileSync(out, source);
  const fromDocument = await runWorkflow(engine, document, { inputs });
  const fromCode = await ((await import(out)) as Exported).default.run(inputs, { engine });
  expect(fromDocument.status).toBe('succeeded');
  expect(fromCode.status, JSON.stringify((fromCode as { error?: unknown }).error)).toBe("succeeded");
  expect(fromCode.result).toEqual(fromDocument.result);
  // Same vertices (names, code hashes) and the same DEPENDS_ON data flow.
  const shape = async (runId: string) => {
    const graph = (await engine.lineageStore!.getRunGraph(runId))!;
    const byId = new Map(graph.components.map((c) => [c.executionId, c]));
    return {
      // Content hashes differ where the document says docker (the platform is part of the identity); code hashes do not.
      vertices: graph.components.map((c) => `${c.name}:${c.codeHash}`).sort(),
      edges: graph.edges.filter((e) => e.label === 'DEPENDS_ON').map((e) => `${byId.get(e.from)!.name}<-${byId.get(e.to)!.name}:${JSON.stringify(e.properties)}`).sort(),
    };
  };
  expect(await shape(fromCode.runId)).toEqual(await shape(fromDocument.runId));
}

describe('twingraph export-ts', () => {
  it('exports demo 11 to a pipeline with the same outputs and lineage as the document', async () => {
    await compare('examples/demo-11-designer-workflow/workflow.json', { query: 'Which platforms run components?', top_k: 2 });
  });

  it('exports the languages workflow (six runtimes) with the same outputs', async () => {
    await compare('examples/languages/workflow.json', { greeting: 'ünïcode ✓' });
  });

  it('rejects control-flow nodes it cannot export', () => {
    const doc = { apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'c' }, nodes: [{ id: 'c', type: 'condition', expression: 'true' }] };
    expect(() => exportTypeScript(doc, 'c.json')).toThrow(/export-ts supports component nodes/);
  });
});
