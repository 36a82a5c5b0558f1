import { describe, expect, it } from 'vitest';
import { uuidV7 } from './uuid-v7.js';

describe('uuidV7', () => {
  it('is a version 7, RFC 9562 variant UUID', () => {
    for (let i = 0; i < 1000; i++) expect(uuidV7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts by creation time and carries the timestamp', () => {
    const early = uuidV7(1_700_000_000_000);
    const late = uuidV7(1_700_000_000_001);
    expect(early < late).toBe(true);
    expect(parseInt(early.replace(/-/g, '').slice(0, 12), 16)).toBe(1_700_000_000_000);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 100_000 }, () => uuidV7(1)));
    expect(ids.size).toBe(100_000);
  });
});
