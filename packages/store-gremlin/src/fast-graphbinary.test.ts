import { describe, expect, it } from 'vitest';
import { componentWrite, makeComponentVertex } from '@twingraph/testing';
import { Direction, Merge, P, T } from './gremlin-driver.js';
import { driverGraphBinary, encodeGraphBinary } from './fast-graphbinary.js';
import { writeChunk } from './lineage-upserts.js';

describe('encodeGraphBinary', () => {
  it('writes exactly the bytes of the driver for every kind of value lineage writes carry', () => {
    const values: unknown[] = [
      null, undefined, true, false, 0, -1, 2147483647, -2147483648, 2147483648, 2 ** 52, -(2 ** 40), 0.5, -1e-9, Number.NaN, Infinity,
      '', 'plain', 'ünïcødé ✓ 𝄞', 'x'.repeat(100_000),
      [], [1, 'a', [true, null]],
      new Map(), new Map<unknown, unknown>([['k', 1], [T.id, 'id-1'], [T.label, 'Component'], [Direction.out, 'a'], [Direction.in, 'b']]),
      new Map<unknown, unknown>([['nested', new Map([['deeper', [new Map([['x', 1.25]])]]])]]),
      [new Map<unknown, unknown>([['p', P.within('a', 'b')], [Merge.onCreate, 'x']])],
    ];
    for (const value of values) expect(encodeGraphBinary(value).equals(driverGraphBinary(value)), String(value)).toBe(true);
  });

  it('matches the driver on a real write chunk', () => {
    const ops = Array.from({ length: 50 }, (_, i) =>
      componentWrite(makeComponentVertex({ executionId: `e${i}`, componentOrder: i, attributes: { owner: 'team', n: i, big: 2 ** 40 }, outputs: { v: i / 3 } }), i === 0 ? [] : [`e${i - 1}`]),
    );
    const traversal = writeChunk({ V: (...ids: unknown[]) => fakeTraversal(['V', ids]) } as never, 'part', ops) as unknown as { steps: unknown[][] };
    // The rows travel as constant() arguments inside the sideEffect() traversals.
    const rows = traversal.steps
      .flatMap((step) => step.slice(1) as Array<{ getBytecode?: () => { stepInstructions: unknown[][] } }>)
      .flatMap((arg) => arg.getBytecode?.().stepInstructions ?? [])
      .filter((instruction) => instruction[0] === 'constant')
      .map((instruction) => instruction[1]);
    expect(rows).toHaveLength(3);
    expect((rows[0] as unknown[]).length).toBe(50);
    for (const arg of [...rows, ...traversal.steps.flatMap((step) => step.slice(1))]) expect(encodeGraphBinary(arg).equals(driverGraphBinary(arg))).toBe(true);
  });
});

/** Records steps and their arguments instead of building bytecode. */
function fakeTraversal(first: unknown[]): unknown {
  const steps: unknown[][] = [first];
  const proxy: unknown = new Proxy({ steps }, {
    get: (target, name) => (name === 'steps' ? target.steps : (...args: unknown[]) => {
      steps.push([name, ...args]);
      return proxy;
    }),
  });
  return proxy;
}
