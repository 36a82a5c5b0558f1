import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import type { BlobRef, BlobStore } from '../ports/blob-store.js';
import { checkedBlobDigest } from './blob-digest.js';

export interface FileSystemBlobStoreOptions {
  /** Folder holding the blobs (created on the first write). The default wiring uses `<TWINGRAPH_HOME>/blobs`. */
  root: string;
}

/**
 * Content-addressed blobs as files: `<root>/ab/cd/<sha256 hex>`. Two levels of 256 folders keep
 * directories small at millions of blobs. Writes go to a temp file in the target folder and are
 * renamed into place, so a reader never sees a partial blob and concurrent writers of the same
 * content (same name) simply replace each other with identical bytes. Reads verify the digest.
 */
export class FileSystemBlobStore implements BlobStore {
  readonly root: string;

  constructor(options: FileSystemBlobStoreOptions) {
    this.root = options.root;
  }

  /** Where the blob with this digest lives (whether or not it exists). */
  pathOf(ref: BlobRef | string): string {
    const key = checkedBlobDigest(ref);
    return join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(data: Uint8Array): Promise<BlobRef> {
    const hex = createHash('sha256').update(data).digest('hex');
    const ref: BlobRef = { $ref: `blob://sha256/${hex}`, size: data.byteLength };
    const path = this.pathOf(hex);
    // Same name, same content: an existing file is the blob (deduplication), unless it was truncated.
    if (await fileSize(path) === data.byteLength) return ref;
    const dir = join(this.root, hex.slice(0, 2), hex.slice(2, 4));
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${hex}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temp, data);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw new TwinGraphError(ERROR_CODES.STORE_UNAVAILABLE, `Could not write blob ${hex} under ${this.root}: ${message(error)}`, {
        category: 'operational',
        hint: 'Check that the blob folder is writable and the disk is not full (TWINGRAPH_HOME sets where it is).',
        details: { root: this.root, digest: hex },
        cause: error,
      });
    }
    return ref;
  }

  async get(ref: BlobRef | string): Promise<Uint8Array> {
    const key = checkedBlobDigest(ref);
    const path = this.pathOf(key);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw blobNotFound(key, this.root);
      throw error;
    }
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== key) {
      throw new TwinGraphError(ERROR_CODES.STORE_CORRUPT, `Blob ${key} is corrupt: its content hashes to ${actual}`, {
        category: 'operational',
        hint: `Delete ${path}; the component that produced it writes it again when it runs again (without cache).`,
        details: { digest: key, actual, path },
        nonRetryable: true,
      });
    }
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }

  async has(ref: BlobRef | string): Promise<boolean> {
    return (await fileSize(this.pathOf(ref))) !== undefined;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export function blobNotFound(key: string, where: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.NOT_FOUND, `No blob '${key}' in ${where}`, {
    hint: 'Blobs live in the engine\'s blob store (<TWINGRAPH_HOME>/blobs by default): run with the same TWINGRAPH_HOME that produced the value, or re-run the producing component.',
    details: { kind: 'blob', id: key },
    nonRetryable: true,
  });
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
