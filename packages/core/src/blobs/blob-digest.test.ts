import { ERROR_CODES } from '@twingraph/model';
import { describe, expect, it } from 'vitest';
import { checkedBlobDigest } from './blob-digest.js';

const HEX = 'a'.repeat(64);

describe('checkedBlobDigest', () => {
  it('returns the hex digest of a ref object, a ref string or a bare digest', () => {
    expect(checkedBlobDigest({ $ref: `blob://sha256/${HEX}`, size: 1 })).toBe(HEX);
    expect(checkedBlobDigest(`blob://sha256/${HEX}`)).toBe(HEX);
    expect(checkedBlobDigest(HEX)).toBe(HEX);
  });

  it('refuses anything else (paths, other keys, upper case) with ERR_NOT_FOUND', () => {
    for (const bad of ['blob://sha256/../../etc/passwd', 'nothex', HEX.toUpperCase(), `${HEX}/x`]) {
      expect(() => checkedBlobDigest(bad), bad).toThrow(expect.objectContaining({ code: ERROR_CODES.NOT_FOUND, details: { kind: 'blob', id: bad.replace('blob://sha256/', '') } }));
    }
  });
});
