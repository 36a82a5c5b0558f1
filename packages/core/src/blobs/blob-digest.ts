import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { blobKey } from '../memory/in-memory-blob-store.js';
import type { BlobRef } from '../ports/blob-store.js';

const HEX_DIGEST = /^[0-9a-f]{64}$/;

/**
 * The sha256 hex digest of a blob ref, refusing anything that is not one: blob stores that turn it
 * into a file name or an object key must not accept paths or other keys.
 */
export function checkedBlobDigest(ref: BlobRef | string): string {
  const key = blobKey(ref);
  if (!HEX_DIGEST.test(key)) {
    throw new TwinGraphError(ERROR_CODES.NOT_FOUND, `No blob '${key.slice(0, 100)}': blob references look like blob://sha256/<64 hex digits>`, {
      hint: 'Pass the {"$ref": "blob://sha256/…"} value a component output carries, unchanged.',
      details: { kind: 'blob', id: key.slice(0, 100) },
      nonRetryable: true,
    });
  }
  return key;
}
