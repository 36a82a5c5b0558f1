import { describe, expect, it } from 'vitest';
import { componentWrite, makeComponentVertex } from '@twingraph/testing';
import { chunkWrites } from './write-chunks.js';

describe('chunkWrites', () => {
  const op = (id: string, chars = 0) => componentWrite(makeComponentVertex({ executionId: id, inputs: { s: 'x'.repeat(chars) }, outputs: {} }));

  it('cuts by count, keeping the order', () => {
    const ops = ['a', 'b', 'c', 'd', 'e'].map((id) => op(id));
    expect(chunkWrites(ops, 2, Infinity).map((c) => c.map((w) => (w.kind === 'component' ? w.vertex.executionId : '')))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('cuts by size, and gives an oversized write a chunk of its own', () => {
    const ops = [op('a', 100), op('b', 100), op('big', 5000), op('c', 100)];
    expect(chunkWrites(ops, 100, 1000).map((c) => c.length)).toEqual([2, 1, 1]);
  });
});
