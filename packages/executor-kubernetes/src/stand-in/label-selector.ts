/** One requirement of a label or field selector (equality-based; set-based `in (…)` is not supported). */
interface Requirement {
  key: string;
  op: '=' | '!=' | 'exists' | '!exists';
  value: string;
}

/** Parses `a=b,c!=d,e,!f` (and `==`); throws on what it does not understand, so tests notice. */
export function parseSelector(text: string | null): Requirement[] {
  if (text === null || text.trim() === '') return [];
  return text.split(',').map((part) => {
    const item = part.trim();
    const match = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(item);
    if (match !== null) return { key: match[1]!, op: match[2] === '!=' ? '!=' : '=', value: match[3]!.trim() };
    if (/^![^=!\s]+$/.test(item)) return { key: item.slice(1), op: '!exists', value: '' };
    if (/^[^=!\s()]+$/.test(item)) return { key: item, op: 'exists', value: '' };
    throw new Error(`unsupported selector '${item}' (the stand-in understands key=value, key!=value, key and !key)`);
  });
}

export function matches(requirements: readonly Requirement[], lookup: (key: string) => string | undefined): boolean {
  return requirements.every((r) => {
    const value = lookup(r.key);
    switch (r.op) {
      case '=':
        return value === r.value;
      case '!=':
        return value !== r.value;
      case 'exists':
        return value !== undefined;
      case '!exists':
        return value === undefined;
    }
  });
}

/** Field selectors the stand-in answers: metadata.name, metadata.namespace, status.phase (Pods). */
export function fieldLookup(object: { metadata?: { name?: string; namespace?: string }; status?: { phase?: string } }): (key: string) => string | undefined {
  return (key) => {
    if (key === 'metadata.name') return object.metadata?.name;
    if (key === 'metadata.namespace') return object.metadata?.namespace;
    if (key === 'status.phase') return object.status?.phase;
    throw new Error(`field label not supported: ${key}`);
  };
}
