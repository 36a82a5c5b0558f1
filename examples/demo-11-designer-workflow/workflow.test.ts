import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../../packages/twingraph/src/cli/cli-harness.test-support.js';

const WORKFLOW = 'examples/demo-11-designer-workflow/workflow.json';

// These tests check the documented fallback
// (no Docker executor: the node runs with the local runtime, recorded ranLocally), so Docker is off here
// even on machines where a daemon is configured. Containers are covered by executor-docker and demo 2.
process.env.TWINGRAPH_DOCKER = 'off';

interface JsonRun {
  runId: string;
  status: string;
  counts: Record<string, number>;
  result: { generate_response: { response: string; sources: string[] } };
  executions: Array<{ executionId: string; name: string; status: string; platform: string; parents: string[]; outputs: Record<string, unknown>; attempts: number }>;
}

interface JsonLineage {
  components: Array<{ executionId: string; name: string; platform: string; attributes?: Record<string, unknown> }>;
  edges: Array<{ label: string; from: string; to: string; properties: { data_flow?: Array<{ from_output: string; to_input: string }> } }>;
}

describe('demo 11: designer workflow document', () => {
  let home: string;
  let cleanup: () => void;
  beforeEach(() => ({ home, cleanup } = tempHome()));
  afterEach(() => cleanup());

  it('runs from the CLI with no inputs and records the full lineage', async () => {
    const res = await runCli(['run', WORKFLOW, '--json'], { home });
    expect(res.code, res.stderr).toBe(0);
    const run = JSON.parse(res.stdout) as JsonRun;
    expect(run.status).toBe('succeeded');
    expect(run.counts.succeeded).toBe(7);
    const answer = run.result.generate_response;
    expect(answer.sources[0]).toBe('lineage-0');
    expect(answer.response).toContain('TwinGraph records every component execution as a vertex in a lineage graph.');
    const byName = new Map(run.executions.map((e) => [e.name, e]));
    expect((byName.get('split_text')!.outputs.chunks as unknown[]).length).toBe(9);
    expect(byName.get('store_vectors')!.outputs.count).toBe(9);
    expect(byName.get('create_embeddings')!.platform).toBe('docker');

    const lineage = await runCli(['lineage', byName.get('generate_response')!.executionId, '--format', 'json'], { home });
    expect(lineage.code, lineage.stderr).toBe(0);
    const graph = JSON.parse(lineage.stdout) as JsonLineage;
    expect(graph.components).toHaveLength(7);
    const nameOf = new Map(graph.components.map((c) => [c.executionId, c.name]));
    const dependsOn = graph.edges.filter((e) => e.label === 'DEPENDS_ON')
      .map((e) => `${nameOf.get(e.from)} <- ${nameOf.get(e.to)} [${(e.properties.data_flow ?? []).map((f) => `${f.from_output}→${f.to_input}`).sort().join(',')}]`)
      .sort();
    expect(dependsOn).toEqual([
      'create_embeddings <- split_text [chunks→chunks]',
      'generate_response <- retrieve_context [context→context]',
      'generate_response <- user_query [query→query]',
      'retrieve_context <- store_vectors [index→index]',
      'retrieve_context <- user_query [query→query]',
      'split_text <- load_documents [documents→documents]',
      'store_vectors <- create_embeddings [dimensions→dimensions,embeddings→embeddings]',
      'store_vectors <- split_text [chunks→chunks]',
    ]);
    expect(graph.components.find((c) => c.name === 'create_embeddings')).toMatchObject({ platform: 'docker', attributes: expect.objectContaining({ ranLocally: true }) });
  });

  it('takes workflow inputs for unconnected node inputs of that name', async () => {
    const res = await runCli(['run', WORKFLOW, '--json', '--input', 'query=Which platforms run components: Docker, Kubernetes or Lambda?', '--input', 'top_k=1'], { home });
    expect(res.code, res.stderr).toBe(0);
    const run = JSON.parse(res.stdout) as JsonRun;
    expect(run.result.generate_response.sources).toEqual(['platforms-0']);
  });
});
