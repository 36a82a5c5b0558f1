/** A value for a JSON column: its JSON text, or SQL NULL when absent. Stringified once, here. */
export function toJsonColumn(value: unknown): string | null {
  return value === undefined ? null : (JSON.stringify(value) ?? null);
}

/** A JSON column read back; SQL NULL becomes undefined. */
export function fromJsonColumn<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}
