import { describe, expect, it } from 'vitest';
import { canonicalJson, isPlainObject } from './canonical-json.js';
import { ERROR_CODES } from '../errors/error-codes.js';

describe('canonicalJson', () => {
  it('sorts keys at every level so equal values give equal text', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('keeps unicode, booleans and null, and omits undefined properties like JSON', () => {
    expect(canonicalJson({ s: 'héllo ✓ 😀', t: true, f: false, n: null, u: undefined })).toBe('{"f":false,"n":null,"s":"héllo ✓ 😀","t":true}');
    expect(JSON.parse(canonicalJson([undefined]))).toEqual([null]);
  });

  it.each([
    ['a function', { f: () => 1 }, 'value.f'],
    ['NaN', { n: Number.NaN }, 'value.n'],
    ['Infinity', [1, Number.POSITIVE_INFINITY], 'value[1]'],
    ['a bigint', { b: 10n }, 'value.b'],
    ['a Map', { m: new Map() }, 'value.m'],
    ['a symbol', { s: Symbol('x') }, 'value.s'],
  ])('rejects %s naming the path', (_, value, path) => {
    expect(() => canonicalJson(value)).toThrow(expect.objectContaining({ code: ERROR_CODES.NON_SERIALIZABLE, details: expect.objectContaining({ path }) }));
  });

  it('rejects cycles', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/circular/);
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { v: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"v":1},"b":{"v":1}}');
  });

  it('writes dates as ISO strings', () => {
    expect(canonicalJson({ d: new Date('2026-01-02T03:04:05Z') })).toBe('{"d":"2026-01-02T03:04:05.000Z"}');
  });

  it('tells plain objects from others', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(new Date())).toBe(false);
    expect(isPlainObject(null)).toBe(false);
  });
});
