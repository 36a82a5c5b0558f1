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
