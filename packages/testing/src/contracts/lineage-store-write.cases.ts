import { expect, it } from 'vitest';
import type { LineageStore } from '@twingraph/core';
import type { ComponentVertex, ErrorData, GitProvenance, LineageWrite } from '@twingraph/model';
import { fixtureTime } from '../fixtures/fixture-time.js';
import {
  buildChain,
  buildDag,
  buildDiamond,
  componentWrite,
  makeComponentVertex,
  pipelineWrite,
  reachable,
} from '../fixtures/lineage-fixtures.js';
import { componentIds, edgeKeys, findEdge } from './lineage-assertions.js';

/** Writing vertices and edges, replacing them, and values that must round-trip exactly. */
export function lineageWriteCases(store: () => LineageStore): void {
  it('stores pipeline and component vertices with DEPENDS_ON, BELONGS_TO and CACHED_FROM edges', async () => {
    const dag = buildDiamond();
    const cached = makeComponentVertex({ executionId: 'run-1:reuse', name: 'reuse', status: 'cached', componentOrder: 4 });
    await store().write([
      ...dag.writes,
      componentWrite(cached, [{ parent: dag.bottom, dataFlow: [{ fromOutput: 'sum', toInput: 'a' }, { fromOutput: 'count', toInput: 'b' }] }], dag.top),
    ]);

    const graph = await store().getRunGraph('run-1');
    expect(graph).toBeDefined();
    expect(graph!.pipelines).toEqual([dag.pipeline]);
    expect(graph!.components.map((c) => c.executionId)).toEqual([dag.top, dag.left, dag.right, dag.bottom, 'run-1:reuse']);
    expect(graph!.components[0]).toEqual(dag.components[0]);
    expect(edgeKeys(graph!.edges)).toEqual(
      [
        `BELONGS_TO ${dag.top}->run-1`,
        `BELONGS_TO ${dag.left}->run-1`,
        `BELONGS_TO ${dag.right}->run-1`,
        `BELONGS_TO ${dag.bottom}->run-1`,
        'BELONGS_TO run-1:reuse->run-1',
        `DEPENDS_ON ${dag.left}->${dag.top}`,
        `DEPENDS_ON ${dag.right}->${dag.top}`,
        `DEPENDS_ON ${dag.bottom}->${dag.left}`,
        `DEPENDS_ON ${dag.bottom}->${dag.right}`,
        `DEPENDS_ON run-1:reuse->${dag.bottom}`,
        `CACHED_FROM run-1:reuse->${dag.top}`,
      ].sort(),
    );
    expect(findEdge(graph!.edges, 'BELONGS_TO', dag.right, 'run-1').properties).toEqual({ component_order: 2 });
    expect(findEdge(graph!.edges, 'DEPENDS_ON', 'run-1:reuse', dag.bottom).properties).toEqual({
      data_flow: [{ from_output: 'sum', to_input: 'a' }, { from_output: 'count', to_input: 'b' }],
    });
    expect(findEdge(graph!.edges, 'DEPENDS_ON', dag.left, dag.top).properties).toEqual({ data_flow: [{ from_output: 'value', to_input: 'input' }] });
    expect(findEdge(graph!.edges, 'CACHED_FROM', 'run-1:reuse', dag.top).properties).toEqual({});
    expect(await store().getComponent('run-1:reuse')).toEqual(cached);
  });

  it('replaces a re-written component without duplicating its edges', async () => {
    const dag = buildDiamond();
    await store().write(dag.writes);
    const before = await store().statistics();
    const bottom = dag.components[3]!;
    const failed: ComponentVertex = { ...bottom, status: 'failed', attempts: 3, outputs: undefined, error: { code: 'ERR_COMPONENT_FAILED', message: 'boom' } };
    delete failed.outputs;
    await store().write([componentWrite(failed, [dag.left, dag.right])]);
    await store().write([componentWrite(failed, [dag.left, dag.right])]);

    expect(await store().getComponent(dag.bottom)).toEqual(failed);
    expect(await store().statistics()).toEqual({ ...before, byStatus: { succeeded: 3, failed: 1 } });
    const graph = await store().getRunGraph('run-1');
    expect(graph!.edges.filter((e) => e.from === dag.bottom)).toHaveLength(3);
  });

  it('replaces the DEPENDS_ON and CACHED_FROM edges of a re-written component', async () => {
    const dag = buildDiamond();
    await store().write(dag.writes);
    const bottom = dag.components[3]!;
    await store().write([componentWrite(bottom, [{ parent: dag.right, dataFlow: [{ fromOutput: 'r', toInput: 'x' }] }], dag.left)]);
    let graph = await store().getRunGraph('run-1');
    expect(edgeKeys(graph!.edges.filter((e) => e.from === dag.bottom))).toEqual(
      [`BELONGS_TO ${dag.bottom}->run-1`, `CACHED_FROM ${dag.bottom}->${dag.left}`, `DEPENDS_ON ${dag.bottom}->${dag.right}`].sort(),
    );
    expect(findEdge(graph!.edges, 'DEPENDS_ON', dag.bottom, dag.right).properties).toEqual({ data_flow: [{ from_output: 'r', to_input: 'x' }] });

    await store().write([componentWrite(bottom, [])]);
    graph = await store().getRunGraph('run-1');
    expect(edgeKeys(graph!.edges.filter((e) => e.from === dag.bottom))).toEqual([`BELONGS_TO ${dag.bottom}->run-1`]);
    expect((await store().statistics()).edgesByLabel).toEqual({ DEPENDS_ON: 2, BELONGS_TO: 4, CACHED_FROM: 0 });
  });

  it('keeps the edges of children when a parent is re-written', async () => {
    const dag = buildDiamond();
    await store().write(dag.writes);
    const top = dag.components[0]!;
    await store().write([componentWrite({ ...top, attempts: 2, attributes: { note: 'retried' } })]);

    expect((await store().getComponent(dag.top))?.attempts).toBe(2);
    expect(componentIds(await store().getUpstream(dag.bottom))).toEqual([dag.bottom, dag.left, dag.right, dag.top].sort());
    expect(componentIds(await store().getDownstream(dag.top))).toEqual([dag.bottom, dag.left, dag.right, dag.top].sort());
    expect((await store().statistics()).edgesByLabel).toEqual({ DEPENDS_ON: 4, BELONGS_TO: 4, CACHED_FROM: 0 });
  });

  it('replaces a re-written pipeline vertex and writing the same batch twice changes nothing', async () => {
    const dag = buildDiamond();
    const running = { ...dag.pipeline, status: 'running' as const };
    delete running.completedAt;
    await store().write([pipelineWrite(running), ...dag.writes.slice(1)]);
    expect((await store().getRunGraph('run-1'))!.pipelines).toEqual([running]);

    const done = { ...dag.pipeline, attributes: { team: 'data', tags: ['a', 'b'] } };
    await store().write([pipelineWrite(done)]);
    const stats = await store().statistics();
    await store().write([pipelineWrite(done), ...dag.writes.slice(1)]);
    expect((await store().getRunGraph('run-1'))!.pipelines).toEqual([done]);
    expect(await store().statistics()).toEqual(stats);
    expect(stats).toMatchObject({ vertices: 5, pipelines: 1, components: 4, edges: 8 });
  });

  it('replaces optional fields rather than merging them', async () => {
    const full = makeComponentVertex({ executionId: 'x', image: 'alpine:3', git: gitFixture(), attributes: { a: 1 }, error: { code: 'E', message: 'm' } });
    await store().write([componentWrite(full)]);
    const bare = makeComponentVertex({ executionId: 'x', status: 'running' });
    delete bare.outputs;
    delete bare.completedAt;
    await store().write([componentWrite(bare)]);
    expect(await store().getComponent('x')).toEqual(bare);
  });

  it('round-trips JSON values exactly: unicode, nesting, null, booleans, numbers and large arrays', async () => {
    const large = Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? i : i % 3 === 1 ? `item-${i}` : { i, even: i % 2 === 0 }));
    const inputs = {
      text: 'héllo wörld — 日本語 — עברית — 😀👩‍👩‍👧 — e\u0301',
      controls: 'tab\tnewline\nquote" backslash\\ nul\u0000 end',
      'key with spaces & ünïcode 🔑': true,
      nothing: null,
      no: false,
      numbers: [0, -1, 1.5, -2.25e-7, 1e21, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
      nested: { a: { b: { c: { d: [[], {}, [null], [{ e: 'f' }]] } } } },
      empty: {},
      emptyList: [],
    };
    const outputs = { large, deep: nest(40), same: inputs.text };
    const vertex = makeComponentVertex({ executionId: 'json', inputs, outputs, attributes: { labels: { env: 'prod' }, cost: 0.25, ok: true, none: null } });
    await store().write([componentWrite(vertex)]);
    const read = await store().getComponent('json');
    expect(read).toEqual(vertex);
    expect(read!.inputs).toStrictEqual(inputs);
    expect(read!.outputs).toStrictEqual(outputs);
  });

  it('round-trips the error of a failed vertex', async () => {
    const error: ErrorData = {
      code: 'ERR_COMPONENT_FAILED',
      message: 'TypeError: cannot read properties of undefined (reading "x") — ☹',
      category: 'user',
      hint: 'Check the inputs.',
      details: { component: 'parse', attempts: 3, nested: { list: [1, 'two', null] } },
      stack: 'TypeError: boom\n    at parse (file.ts:10:5)\n    at run (engine.ts:20:1)',
      nonRetryable: true,
    };
    const vertex = makeComponentVertex({ executionId: 'failed', status: 'failed', attempts: 3, error });
    delete vertex.outputs;
    await store().write([componentWrite(vertex)]);
    const read = await store().getComponent('failed');
    expect(read).toEqual(vertex);
    expect(read!.error).toStrictEqual(error);
    expect(read!.outputs).toBeUndefined();
  });

  it('round-trips git provenance, image, code hash and attributes', async () => {
    const vertex = makeComponentVertex({
      executionId: 'prov',
      platform: 'docker',
      image: 'ghcr.io/acme/tool@sha256:abc',
      codeHash: 'sha256:deadbeef',
      git: gitFixture(),
      attributes: { owner: 'team-a', labels: { tier: 'gold' }, retries: 2, gpu: false },
    });
    const withGitError = makeComponentVertex({ executionId: 'prov-2', git: { file: 'x.ts', startLine: 1, endLine: 1, lines: [], error: 'not a git repository' } });
    await store().write([componentWrite(vertex), componentWrite(withGitError)]);
    expect(await store().getComponent('prov')).toStrictEqual(vertex);
    expect(await store().getComponent('prov-2')).toStrictEqual(withGitError);
  });

  it('takes 2,000 components over several write() calls', async () => {
    const total = 2000;
    const shape: Array<[string, string[]]> = [];
    for (let i = 0; i < total; i++) {
      const parents = [i - 1, i - 7].filter((p) => p >= 0).map((p) => `n${p}`);
      shape.push([`n${i}`, parents]);
    }
    const dag = buildDag(shape);
    const batches: LineageWrite[][] = [];
    for (let start = 0; start < dag.writes.length; start += 300) batches.push(dag.writes.slice(start, start + 300));
    for (const batch of batches) await store().write(batch);

    const stats = await store().statistics();
    const dependsOn = [...dag.parents.values()].reduce((n, list) => n + list.length, 0);
    expect(stats).toMatchObject({ pipelines: 1, components: total, vertices: total + 1, edges: dependsOn + total });
    expect(stats.edgesByLabel).toEqual({ DEPENDS_ON: dependsOn, BELONGS_TO: total, CACHED_FROM: 0 });
    expect((await store().getRunGraph('run-1'))!.components).toHaveLength(total);

    const last = `run-1:n${total - 1}`;
    const parentsOf = (id: string): string[] => dag.parents.get(id) ?? [];
    expect((await store().getUpstream(last)).components).toHaveLength(total);
    expect(componentIds(await store().getUpstream(last, { depth: 3 }))).toEqual([...reachable(last, parentsOf, 3)].sort());
    const first = 'run-1:n0';
    const childrenOf = (id: string): string[] => shape.filter(([, p]) => p.includes(id.slice('run-1:'.length))).map(([n]) => `run-1:${n}`);
    expect(componentIds(await store().getDownstream(first, { depth: 2 }))).toEqual([...reachable(first, childrenOf, 2)].sort());
    expect(await store().getComponent('run-1:n1234')).toEqual(dag.components[1234]);
  });

  it('links a child written before its parent once the parent arrives', async () => {
    const dag = buildChain(3);
    const [pipeline, first, second, third] = dag.writes;
    await store().write([pipeline!, third!]);
    await store().write([second!]);
    await store().write([first!]);
    expect(componentIds(await store().getUpstream('run-1:c2'))).toEqual(['run-1:c0', 'run-1:c1', 'run-1:c2']);
    expect(componentIds(await store().getDownstream('run-1:c0'))).toEqual(['run-1:c0', 'run-1:c1', 'run-1:c2']);
    expect(edgeKeys((await store().getRunGraph('run-1'))!.edges.filter((e) => e.label === 'DEPENDS_ON'))).toEqual([
      'DEPENDS_ON run-1:c1->run-1:c0',
      'DEPENDS_ON run-1:c2->run-1:c1',
    ]);
    expect((await store().statistics()).edgesByLabel.DEPENDS_ON).toBe(2);
  });

  it('accepts one batch spanning several pipelines', async () => {
    const a = buildChain(3, { pipelineId: 'run-a' });
    const b = buildChain(2, { pipelineId: 'run-b', pipelineName: 'other', timeOffset: 100 });
    await store().write([...a.writes, ...b.writes]);
    expect((await store().getRunGraph('run-a'))!.components).toHaveLength(3);
    expect((await store().getRunGraph('run-b'))!.components).toHaveLength(2);
    expect((await store().getRunGraph('run-b'))!.pipelines[0]!.name).toBe('other');
  });

  it('accepts an empty batch', async () => {
    await store().write([]);
    expect((await store().statistics()).vertices).toBe(0);
  });
}

function gitFixture(): GitProvenance {
  return {
    commit: '0123456789abcdef0123456789abcdef01234567',
    file: 'src/components/parse.ts',
    startLine: 10,
    endLine: 12,
    lines: [
      { line: 10, commit: 'aaaa', author: 'Ada Lovelace', authorMail: 'ada@example.com', date: fixtureTime(-86_400), text: 'export const parse = component(' },
      { line: 11, commit: 'bbbb', author: 'Zoë Ünicode', date: fixtureTime(-3600), text: '  async (inputs) => ({ ok: true }),' },
      { line: 12, commit: 'aaaa', author: 'Ada Lovelace', date: fixtureTime(-86_400) },
    ],
  };
}

function nest(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { level: i, child: value };
  return value;
}
