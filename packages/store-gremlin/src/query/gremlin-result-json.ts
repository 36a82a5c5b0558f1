import { EnumValue, Structure } from '../gremlin-driver.js';

/**
 * Turns what the driver decodes from GraphBinary into plain JSON: vertices and edges as
 * `{id, label, type, properties}`, maps with string-like keys as objects (others as `[{key, value}]`),
 * sets as arrays, big integers as numbers when safe (else strings), dates as ISO strings.
 */
export function resultToJson(value: unknown, depth = 0): unknown {
  if (depth > 64) return '[nested too deeply]';
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof EnumValue) return value.elementName;
  if (value instanceof Structure.Vertex) return { type: 'vertex', id: resultToJson(value.id, depth + 1), label: value.label, ...properties(value.properties, depth) };
  if (value instanceof Structure.Edge) {
    return { type: 'edge', id: resultToJson(value.id, depth + 1), label: value.label, outV: resultToJson(value.outV.id, depth + 1), inV: resultToJson(value.inV.id, depth + 1), ...properties(value.properties, depth) };
  }
  if (value instanceof Structure.VertexProperty) return { type: 'vertexProperty', key: value.key, value: resultToJson(value.value, depth + 1) };
  if (value instanceof Structure.Property) return { type: 'property', key: value.key, value: resultToJson(value.value, depth + 1) };
  if (value instanceof Structure.Path) return { type: 'path', labels: resultToJson(value.labels, depth + 1), objects: resultToJson(value.objects, depth + 1) };
  if (value instanceof Map) return mapToJson(value as Map<unknown, unknown>, depth);
  if (value instanceof Set || Array.isArray(value)) return [...(value as Iterable<unknown>)].map((v) => resultToJson(v, depth + 1));
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resultToJson(v, depth + 1)]));
  return typeof value === 'symbol' ? value.toString() : typeof value;
}

function mapToJson(map: Map<unknown, unknown>, depth: number): unknown {
  const simple = [...map.keys()].every((k) => typeof k === 'string' || typeof k === 'number' || typeof k === 'boolean' || k instanceof EnumValue);
  if (simple) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of map) out[k instanceof EnumValue ? k.elementName : String(k)] = resultToJson(v, depth + 1);
    return out;
  }
  return [...map].map(([k, v]) => ({ key: resultToJson(k, depth + 1), value: resultToJson(v, depth + 1) }));
}

/** Element properties as `{key: value}` (multi-properties as lists); absent when the server sent none. */
function properties(raw: unknown, depth: number): { properties?: Record<string, unknown> } {
  const list = Array.isArray(raw) ? (raw as unknown[]) : raw !== null && typeof raw === 'object' ? Object.values(raw).flat() : [];
  if (list.length === 0) return {};
  const out: Record<string, unknown> = {};
  for (const p of list) {
    if (!(p instanceof Structure.VertexProperty || p instanceof Structure.Property)) continue;
    const value = resultToJson(p.value, depth + 1);
    const existing = out[p.key];
    out[p.key] = existing === undefined ? value : Array.isArray(existing) ? [...(existing as unknown[]), value] : [existing, value];
  }
  return { properties: out };
}
