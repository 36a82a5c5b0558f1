import { ERROR_CODES } from '../errors/error-codes.js';
import { TwinGraphError } from '../errors/twingraph-error.js';

/**
 * JSON with object keys sorted at every level, so equal values give equal text (and equal hashes).
 * Rejects what JSON cannot carry faithfully (functions, symbols, bigint, NaN/Infinity, cycles,
 * Maps/Sets/class instances) instead of silently dropping or mangling it, naming the path.
 * `undefined` object properties are omitted, as JSON.stringify does.
 */
export function canonicalJson(value: unknown, subject = 'value'): string {
  return write(value, subject, new PathGuard());
}

/**
 * Cycle detection that costs nothing on the common path: nesting is only counted, and past
 * MAX_CHEAP_DEPTH the objects on the path are remembered, so a cycle is caught one lap later.
 */
class PathGuard {
  private depth = 0;
  private stack: object[] | undefined;

  has(value: object): boolean {
    return this.stack !== undefined && this.stack.includes(value);
  }

  add(value: object): void {
    if (++this.depth > MAX_CHEAP_DEPTH) (this.stack ??= []).push(value);
  }

  delete(_value: object): void {
    if (this.depth-- > MAX_CHEAP_DEPTH) this.stack!.pop();
  }
}

const MAX_CHEAP_DEPTH = 64;

function write(value: unknown, path: string, seen: PathGuard): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw nonSerializable(path, String(value));
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return writeObject(value, path, seen);
    default:
      throw nonSerializable(path, typeof value);
  }
}

function writeObject(value: object, path: string, seen: PathGuard): string {
  if (seen.has(value)) throw nonSerializable(path, 'a circular reference');
  if (Array.isArray(value)) {
    seen.add(value);
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (i > 0) out += ',';
      out += item === undefined ? 'null' : (writePrimitive(item) ?? write(item, `${path}[${i}]`, seen));
    }
    seen.delete(value);
    return `${out}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    if (value instanceof Date) return JSON.stringify(value.toISOString());
    const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw nonSerializable(path, `an instance of ${kind}`);
  }
  seen.add(value);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${writePrimitive(item) ?? write(item, `${path}.${key}`, seen)}`;
  }
  seen.delete(value);
  return `${out}}`;
}

/** Fast path for values that need no path for errors; undefined for everything else. */
function writePrimitive(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return value === null ? 'null' : undefined;
  }
}

function nonSerializable(path: string, what: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.NON_SERIALIZABLE, `${path} is not JSON-serializable: found ${what}`, {
    hint: 'Inputs and outputs must be plain JSON (objects, arrays, strings, finite numbers, booleans, null). Convert other values first, e.g. a Map with Object.fromEntries().',
    details: { path, found: what },
    nonRetryable: true,
  });
}

/** True for `{...}` literals and Object.create(null) objects: the only objects allowed as outputs. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
