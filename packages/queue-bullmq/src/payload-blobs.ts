import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { isBlobRef, type BlobRef, type BlobStore } from '@twingraph/core';

/**
 * Job inputs and results over `maxBytes` of JSON travel through the blob store: Redis holds only
 * `{"$ref": "blob://sha256/<hex>", "size": n}` in their place (Redis values are capped at 512 MiB and
 * large ones slow every worker's fetch). Submitter and workers must share the blob store.
 */
export async function offloadRecord(value: Record<string, unknown>, maxBytes: number, store: BlobStore | undefined): Promise<Record<string, unknown> | BlobRef> {
  if (store === undefined || maxBytes === Number.POSITIVE_INFINITY) return value;
  const json = JSON.stringify(value);
  // Fast path: a string of n UTF-16 units is at most 3n bytes.
  if (json.length * 3 <= maxBytes) return value;
  const bytes = Buffer.from(json, 'utf8');
  if (bytes.byteLength <= maxBytes) return value;
  const ref = await store.put(bytes);
  return { $ref: ref.$ref, size: bytes.byteLength };
}

/** The record a job carries: itself, or the blob its ref names. */
export async function loadRecord(value: Record<string, unknown> | BlobRef, store: BlobStore | undefined, what: string): Promise<Record<string, unknown>> {
  if (!isBlobRef(value)) return value;
  if (store === undefined) {
    throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `The job's ${what} are in the blob store (${value.$ref}), but this process has no blob store`, {
      category: 'operational',
      hint: 'Give workers and drivers the same blob store (a shared TWINGRAPH_BLOB_DIR, or S3); see docs/scaling.md.',
      details: { ref: value.$ref },
      nonRetryable: true,
    });
  }
  const bytes = await store.get(value);
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as Record<string, unknown>;
}
