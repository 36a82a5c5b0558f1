import { createHash } from 'node:crypto';

/**
 * Typed values of GraphSON 3.0 (TinkerPop IO): strings and booleans are plain JSON, numbers carry their
 * type (`{"@type": "g:Int32", "@value": 3}`) so a Gremlin Server reads back the same Java types.
 */
export type GraphsonValue = string | boolean | { '@type': string; '@value': unknown };

export function typed(value: string | number | boolean): GraphsonValue {
  if (typeof value !== 'number') return value;
  if (Number.isInteger(value) && value >= -2_147_483_648 && value <= 2_147_483_647) return { '@type': 'g:Int32', '@value': value };
  if (Number.isSafeInteger(value)) return { '@type': 'g:Int64', '@value': value };
  return { '@type': 'g:Double', '@value': value };
}

export function int64(value: number): GraphsonValue {
  return { '@type': 'g:Int64', '@value': value };
}

/** A plain value from a typed (or untyped) GraphSON value; numbers of any width become JS numbers. */
export function untyped(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const v = value as { '@type'?: unknown; '@value'?: unknown };
  if (typeof v['@type'] !== 'string') return value;
  const type = v['@type'];
  const inner = v['@value'];
  if (/^g:(Int32|Int64|Float|Double)$|^gx:(BigInteger|BigDecimal|Byte|Int16)$/.test(type)) return Number(inner);
  if (type === 'g:Date' || type === 'g:Timestamp') return new Date(Number(inner)).toISOString();
  if (type === 'g:List' || type === 'g:Set') return Array.isArray(inner) ? inner.map(untyped) : [];
  return typeof inner === 'object' ? untyped(inner) : inner;
}

/**
 * Edge ids: TinkerGraph (and the local server's LONG edge id manager) need numbers, and an id must not
 * clash with edges already on the server that loads the file. 52 bits of a hash of (label, out, in) is
 * stable across exports and far from the small counters servers hand out.
 */
export function edgeId(label: string, outV: string, inV: string): number {
  return parseInt(createHash('sha256').update(`${label}\u0000${outV}\u0000${inV}`).digest('hex').slice(0, 13), 16);
}
