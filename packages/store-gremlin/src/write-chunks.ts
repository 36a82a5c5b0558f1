import type { LineageWrite } from '@twingraph/model';

/**
 * Splits a batch into chunks of at most `maxOps` writes and about `maxChars` characters of inputs and
 * outputs (what makes requests big), keeping the order. A single write larger than `maxChars` gets a
 * chunk of its own; if the server still refuses it, the write fails loudly instead of being dropped.
 */
export function chunkWrites(batch: readonly LineageWrite[], maxOps: number, maxChars: number): LineageWrite[][] {
  const chunks: LineageWrite[][] = [];
  let current: LineageWrite[] = [];
  let chars = 0;
  for (const op of batch) {
    const size = op.kind === 'component' ? JSON.stringify(op.vertex.inputs).length + (op.vertex.outputs === undefined ? 0 : JSON.stringify(op.vertex.outputs).length) : 0;
    if (current.length > 0 && (current.length >= maxOps || chars + size > maxChars)) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
    current.push(op);
    chars += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
