import { describe, expect, it } from 'vitest';
import { freeIdentifiers } from './free-identifiers.js';

describe('freeIdentifiers', () => {
  it('accepts self-contained functions', () => {
    const sources = [
      '({ input_1, input_2 }) => ({ sum: input_1 + input_2 })',
      'async function add(inputs, context) { const { a, b = 2 } = inputs; context.log(`sum ${a + b}`); return { sum: a + b }; }',
      '(x) => { let total = 0; for (const item of x.items) { total += item.n; } return { total, ok: /a\\/b/.test("a/b") }; }',
      'function f(inputs) { const fs = require("node:fs"); return { n: Math.max(inputs.n, 1), env: process.env.HOME ?? null, t: typeof JSON }; }',
      '(i) => { try { return { v: i.a ? i.b : i.c }; } catch (error) { return { error: String(error) }; } }',
      'function g(i) { function helper(v) { return v * 2; } class Box { #v = 1; get v() { return this.#v; } } return { v: helper(i.n) + new Box().v }; }',
      '(i) => ({ text: `a ${i.b + `c ${i.d}`} e`, ratio: i.a / i.b / 2 })',
    ];
    for (const source of sources) expect(freeIdentifiers(source), source).toEqual([]);
  });

  it('names the variables a function captures', () => {
    expect(freeIdentifiers('({ n }) => ({ scaled: n * factor })')).toEqual(['factor']);
    expect(freeIdentifiers('async (i) => { const r = await helper(i); return { r, k: config.key }; }')).toEqual(['config', 'helper']);
    expect(freeIdentifiers('(i) => ({ text: `${prefix}-${i.name}` })')).toEqual(['prefix']);
    expect(freeIdentifiers('(i) => ({ v: __vite_ssr_import_0__.add(i.a) })')).toEqual(['__vite_ssr_import_0__']);
  });
});
