import { createHash } from 'node:crypto';
import { notFoundError } from '@twingraph/model';
import type { BlobRef, BlobStore } from '../ports/blob-store.js';

export function blobKey(ref: BlobRef | string): string {
  const text = typeof ref === 'string' ? ref : ref.$ref;
  return text.startsWith('blob://sha256/') ? text.slice('blob://sha256/'.length) : text;
}

export function blobRefFor(data: Uint8Array): BlobRef {
  return { $ref: `blob://sha256/${createHash('sha256').update(data).digest('hex')}`, size: data.byteLength };
}

/** Blobs kept in this process only. */
export class InMemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Uint8Array>();

  put(data: Uint8Array): Promise<BlobRef> {
    const ref = blobRefFor(data);
    this.blobs.set(blobKey(ref), data.slice());
    return Promise.resolve(ref);
  }

  get(ref: BlobRef | string): Promise<Uint8Array> {
    const data = this.blobs.get(blobKey(ref));
    return data === undefined ? Promise.reject(notFoundError('blob', blobKey(ref))) : Promise.resolve(data);
  }

  has(ref: BlobRef | string): Promise<boolean> {
    return Promise.resolve(this.blobs.has(blobKey(ref)));
  }
}
