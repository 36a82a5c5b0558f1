import { component, type ComponentOptions } from 'twingraph';

/**
 * The component shapes of ACCEPTANCE.md demos 5–10: A(int, float) → index, val (200 floats), val2, val3;
 * B(list, x) → index, val; C(str, x) → index, val = str(...) + inp_1; D(4 inputs) → index, val.
 * `options(name)` adds platform settings per component (docker, kubernetes, lambda, batch, …).
 */
export function cloudShapes(options: (name: 'A' | 'B' | 'C' | 'D') => Partial<ComponentOptions> = () => ({})) {
  const A = component({ name: 'A', ...options('A') }, ({ inp_1, inp_2 }: { inp_1: number; inp_2: number }) => ({
    index: inp_1,
    val: Array.from({ length: 200 }, (_, i) => Number((inp_2 * Math.sin(i + inp_1)).toFixed(6))),
    val2: inp_1 * inp_2,
    val3: `A(${inp_1}, ${inp_2})`,
  }));
  const B = component({ name: 'B', ...options('B') }, ({ inp_1, inp_2 }: { inp_1: unknown[]; inp_2: number }) => ({
    index: inp_1.length,
    val: inp_1.flat().filter((x): x is number => typeof x === 'number').reduce((t, x) => t + x * inp_2, 0),
  }));
  const C = component({ name: 'C', ...options('C') }, ({ inp_1, inp_2 }: { inp_1: string; inp_2: unknown }) => ({
    index: inp_1.length,
    val: String(Array.isArray(inp_2) ? inp_2.length : inp_2) + inp_1,
  }));
  const D = component({ name: 'D', ...options('D') }, ({ inp_1, inp_2, inp_3, inp_4 }: { inp_1: string; inp_2: number; inp_3: unknown; inp_4: number }) => ({
    index: inp_2,
    val: `${inp_1}|${inp_2}|${Array.isArray(inp_3) ? inp_3.length : String(inp_3)}|${inp_4.toFixed(3)}`,
  }));
  return { A, B, C, D };
}

/**
 * The body of demos 5–7: A, then B after A, then `c` × C (each after A and B), then `d` × D, the j-th
 * after the (2j)-th C (so `d` ≤ `c` / 2). Returns the C and D values.
 */
export function cloudShapesPipeline({ A, B, C, D }: ReturnType<typeof cloudShapes>, counts: { c: number; d: number }) {
  return async () => {
    const g = await A({ inp_1: 5, inp_2: 1.28 });
    const h = await B({ inp_1: [5, g.outputs.index, g.outputs.val], inp_2: 1.28 }, { parents: [g] });
    const cs = await Promise.all(Array.from({ length: counts.c }, () => C({ inp_1: `hello${h.outputs.index}`, inp_2: g.outputs.val }, { parents: [g, h] })));
    const ds = await Promise.all(
      Array.from({ length: counts.d }, (_, j) => D({ inp_1: cs[2 * j]!.outputs.val, inp_2: 5, inp_3: g.outputs.val, inp_4: h.outputs.val }, { parents: [cs[2 * j]!, g, h] })),
    );
    return { c: cs.map((c) => c.outputs.val), d: ds.map((d) => d.outputs.val) };
  };
}
