import { isAbsolute, resolve } from 'node:path';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';

export type StoreTarget =
  | { kind: 'sqlite'; path: string }
  | { kind: 'memory' }
  | { kind: 'none' }
  | { kind: 'gremlin'; url: string }
  | { kind: 'postgres'; url: string };

/** Reads a store/graph setting: a path, `sqlite:path`, `memory`, `gremlin://…`, `ws(s)://…`, `neptune://…`, `postgres://…`, or false. */
export function parseStoreTarget(value: string | false, what: 'store' | 'graph'): StoreTarget {
  if (value === false) return { kind: 'none' };
  if (value === 'memory' || value === ':memory:') return { kind: 'memory' };
  if (value.startsWith('sqlite:')) return { kind: 'sqlite', path: absolute(value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')) };
  if (/^(gremlin|wss?|neptune):\/\//.test(value)) return { kind: 'gremlin', url: value };
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `Unsupported ${what} URL '${value}'`, {
      hint: `Use a SQLite file path, 'memory', 'postgres://user@host:5432/database'${what === 'graph' ? ", 'gremlin://host:8182'" : ''} or false.`,
    });
  }
  return { kind: 'sqlite', path: absolute(value) };
}

function absolute(path: string): string {
  return isAbsolute(path) ? path : resolve(path);
}
