/** A `{"$ref": "blob://sha256/<hex>"}` value standing in for a large payload. */
export interface BlobRef {
  $ref: string;
  /** Bytes. */
  size?: number;
}

/**
 * Content-addressed storage for large values. Implementations: InMemoryBlobStore,
 * FileSystemBlobStore, S3BlobStore. Keys are sha256 hex digests of the content.
 */
export interface BlobStore {
  put(data: Uint8Array): Promise<BlobRef>;
  get(ref: BlobRef | string): Promise<Uint8Array>;
  has(ref: BlobRef | string): Promise<boolean>;
  close?(): Promise<void>;
}

export function isBlobRef(value: unknown): value is BlobRef {
  return (
    typeof value === 'object' && value !== null && typeof (value as { $ref?: unknown }).$ref === 'string' &&
    (value as { $ref: string }).$ref.startsWith('blob://')
  );
}
