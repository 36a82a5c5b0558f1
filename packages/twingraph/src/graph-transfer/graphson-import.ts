import type { LineageStore } from '@twingraph/core';
import { readGraphson, type GraphsonImportOptions } from './graphson-reader.js';
import type { TransferCounts } from './graphson-writer.js';

/**
 * Loads a GraphSON file into any LineageStore through its ordinary write(): re-importing replaces the
 * same vertices (writes are idempotent per vertex), so an interrupted import can simply be run again.
 */
export async function importGraphson(store: LineageStore, path: string, options: GraphsonImportOptions = {}): Promise<TransferCounts> {
  const counts: TransferCounts = { pipelines: 0, components: 0, edges: 0 };
  const pipelines = new Set<string>();
  for await (const batch of readGraphson(path, options)) {
    await store.write(batch);
    for (const w of batch) {
      if (w.kind === 'pipeline') {
        counts.pipelines++;
        pipelines.add(w.vertex.pipelineId);
      } else {
        counts.components++;
        counts.edges += w.parents.length + (w.cachedFrom === undefined ? 0 : 1) + (pipelines.has(w.vertex.pipelineId) ? 1 : 0);
      }
    }
  }
  return counts;
}
