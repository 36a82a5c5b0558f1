import type { LineageStore } from '@twingraph/core';
import type { LineageWrite } from '@twingraph/model';
import { buildChain, buildDiamond, canonicalWrites, collectExport, componentWrite, makeComponentVertex, makePipelineVertex, pipelineWrite } from '@twingraph/testing';

/** Two runs with every edge kind, attributes, an error, an image and a cross-run dependency. */
export function transferFixture(): LineageWrite[] {
  const dag = buildDiamond();
  const reuse = makeComponentVertex({
    executionId: 'run-1:reuse', name: 'reuse', status: 'cached', componentOrder: 4, image: 'python:3.12',
    attributes: { owner: 'team-a', shards: 3, big: 2 ** 40, ratio: 0.5, nested: { deep: [1, 'two'] } },
    error: { code: 'ERR_COMPONENT_FAILED', message: 'first attempt failed' },
    outputs: { text: 'ünïcødé "quoted" \n newline' },
  });
  const second = buildChain(3, { pipelineId: 'run-2', timeOffset: 100 });
  return [
    ...dag.writes,
    componentWrite(reuse, [{ parent: dag.bottom, dataFlow: [{ fromOutput: 'sum', toInput: 'a' }] }], dag.top),
    ...second.writes.filter((w) => w.kind !== 'pipeline'),
    pipelineWrite(makePipelineVertex({ pipelineId: 'run-2', name: 'other', attributes: { team: 'b' } })),
    componentWrite(makeComponentVertex({ executionId: 'run-2:late', pipelineId: 'run-2', componentOrder: 9 }), [
      { parent: dag.bottom, dataFlow: [{ fromOutput: '*', toInput: 'all' }] },
      'run-2:c2',
    ]),
  ];
}

/** The store's whole graph in a comparable form. */
export async function snapshot(store: LineageStore): Promise<LineageWrite[]> {
  return canonicalWrites((await collectExport(store)).flat());
}
