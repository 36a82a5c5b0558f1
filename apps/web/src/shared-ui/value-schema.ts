/** A compact type description of a JSON value, as n8n's schema view shows it: `array<object{id: string}>[3]`. */
export interface SchemaRow {
  readonly path: string;
  readonly type: string;
  readonly example?: string | undefined;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function sample(value: unknown): string | undefined {
  if (value === null || typeof value === 'object') return undefined;
  const s = JSON.stringify(value);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/**
 * Flattens a value into one row per field path (`documents[].text`), with its type and a sample.
 * Arrays are described by their first elements (up to 20), so a list of records shows its fields once.
 */
export function valueSchema(value: unknown, path = '', rows: SchemaRow[] = [], depth = 0): SchemaRow[] {
  const type = typeOf(value);
  if (type === 'array') {
    const items = (value as unknown[]).slice(0, 20);
    const itemTypes = [...new Set(items.map(typeOf))];
    if (path !== '') rows.push({ path, type: `array<${itemTypes.join(' | ') || 'empty'}>[${(value as unknown[]).length}]` });
    if (depth < 6 && itemTypes.length === 1 && itemTypes[0] === 'object') {
      const merged: Record<string, unknown> = {};
      for (const item of items) for (const [k, v] of Object.entries(item as Record<string, unknown>)) if (!(k in merged)) merged[k] = v;
      for (const [k, v] of Object.entries(merged)) valueSchema(v, `${path}[].${k}`, rows, depth + 1);
    }
    return rows;
  }
  if (type === 'object') {
    if (path !== '') rows.push({ path, type: 'object' });
    if (depth < 6) for (const [k, v] of Object.entries(value as Record<string, unknown>)) valueSchema(v, path === '' ? k : `${path}.${k}`, rows, depth + 1);
    return rows;
  }
  rows.push({ path: path === '' ? '(value)' : path, type, example: sample(value) });
  return rows;
}
