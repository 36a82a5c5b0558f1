import { describe, expect, it } from 'vitest';
import { valueSchema } from './value-schema.js';

describe('value schema', () => {
  it('describes fields, lists of records once, and samples leaves', () => {
    expect(valueSchema({ documents: [{ id: 'a', text: 'x' }, { id: 'b', text: 'y', extra: 1 }], count: 2, meta: { ok: true } })).toEqual([
      { path: 'documents', type: 'array<object>[2]' },
      { path: 'documents[].id', type: 'string', example: '"a"' },
      { path: 'documents[].text', type: 'string', example: '"x"' },
      { path: 'documents[].extra', type: 'number', example: '1' },
      { path: 'count', type: 'number', example: '2' },
      { path: 'meta', type: 'object' },
      { path: 'meta.ok', type: 'boolean', example: 'true' },
    ]);
    expect(valueSchema({ v: [1, 'a'], e: [] })).toEqual([{ path: 'v', type: 'array<number | string>[2]' }, { path: 'e', type: 'array<empty>[0]' }]);
  });
});
