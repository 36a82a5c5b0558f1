// SQL text helpers shared by the SQLite and PostgreSQL stores. Statements are written once with `?`
// placeholders (SQLite's); the PostgreSQL store numbers them ($1, $2…) with toNumberedParams.

/** `?, ?, ?` for n values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** `a = excluded.a, b = excluded.b`: an upsert's SET list (ON CONFLICT … DO UPDATE SET), same in both dialects. */
export function excludedAssignments(columns: readonly string[]): string {
  return columns.map((c) => `${c} = excluded.${c}`).join(', ');
}

const numberedCache = new Map<string, string>();

/**
 * The statement with its `?` placeholders numbered `$1`, `$2`… in order, for PostgreSQL. The shared
 * statements hold no `?` in literals or identifiers, which this relies on.
 */
export function toNumberedParams(sql: string): string {
  let numbered = numberedCache.get(sql);
  if (numbered === undefined) {
    let n = 0;
    numbered = sql.replace(/\?/g, () => `$${++n}`);
    numberedCache.set(sql, numbered);
  }
  return numbered;
}
