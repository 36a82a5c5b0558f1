import { notFoundError, type LineageGraph } from '@twingraph/model';
import { getDefaultEngine } from '../../wiring/default-engine.js';
import { EXIT } from '../exit-codes.js';
import { formatLineageDot, formatLineageText } from '../format/lineage-format.js';
import { storeOverrides, type StoreFlags } from './store-flags.js';

export interface LineageCommandOptions extends StoreFlags {
  upstream?: boolean;
  downstream?: boolean;
  depth?: string;
  format?: string;
}

/** `twingraph lineage <executionId|hash>`: walks DEPENDS_ON from one execution. */
export async function lineageCommand(idOrHash: string, options: LineageCommandOptions): Promise<number> {
  const engine = await getDefaultEngine({ overrides: storeOverrides(options) });
  const store = engine.lineageStore;
  if (store === undefined) throw notFoundError('lineage store', 'lineage is turned off (--graph false)');
  const start = (await store.getComponent(idOrHash)) ?? (await store.findByHash(idOrHash))[0];
  if (start === undefined) throw notFoundError('execution or hash', idOrHash);
  const depth = options.depth === undefined ? undefined : Number(options.depth);
  const direction = options.downstream === true ? 'downstream' : 'upstream';
  const graph: LineageGraph = direction === 'downstream'
    ? await store.getDownstream(start.executionId, depth === undefined ? {} : { depth })
    : await store.getUpstream(start.executionId, depth === undefined ? {} : { depth });
  const format = options.format ?? 'text';
  if (format === 'json') process.stdout.write(`${JSON.stringify({ start: start.executionId, direction, ...graph }, null, 2)}\n`);
  else if (format === 'dot') process.stdout.write(`${formatLineageDot(graph)}\n`);
  else process.stdout.write(`${formatLineageText(start, graph, direction)}\n`);
  return EXIT.OK;
}
