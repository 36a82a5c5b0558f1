import { describe, expect, it } from 'vitest';
import { findCycle, topologicalOrder } from './dag.js';
import { CycleDetectedError } from './cycle-detected.error.js';
import { ERROR_CODES } from '../errors/error-codes.js';

describe('topologicalOrder', () => {
  it('orders a diamond with ties in the given order', () => {
    const order = topologicalOrder(['d', 'b', 'c', 'a'], [
      { from: 'a', to: 'b' }, { from: 'a', to: 'c' }, { from: 'b', to: 'd' }, { from: 'c', to: 'd' },
    ]);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('handles a 10,000-node chain without overflowing the stack', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `n${i}`);
    const edges = ids.slice(1).map((id, i) => ({ from: ids[i]!, to: id }));
    expect(topologicalOrder([...ids].reverse(), edges)).toEqual(ids);
    expect(findCycle(ids, edges)).toBeUndefined();
  });

  it('names the cycle it finds', () => {
    const edges = [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'b' }, { from: 'c', to: 'd' }];
    expect(findCycle(['a', 'b', 'c', 'd'], edges)).toEqual(['b', 'c']);
    try {
      topologicalOrder(['a', 'b', 'c', 'd'], edges);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CycleDetectedError);
      expect((error as CycleDetectedError).code).toBe(ERROR_CODES.DAG_CYCLE);
      expect((error as CycleDetectedError).message).toContain('b → c → b');
      expect((error as CycleDetectedError).cycle).toEqual(['b', 'c']);
    }
  });

  it('finds a self-loop', () => {
    expect(findCycle(['x'], [{ from: 'x', to: 'x' }])).toEqual(['x']);
  });
});
