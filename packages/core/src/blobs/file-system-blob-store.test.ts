import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSystemBlobStore } from './file-system-blob-store.js';

// The port's behaviour is covered by the BlobStore contract suite (packages/testing); these are the file layout specifics.
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function fresh(): FileSystemBlobStore {
  const root = mkdtempSync(join(tmpdir(), 'twingraph-fsblob-'));
  roots.push(root);
  return new FileSystemBlobStore({ root: join(root, 'blobs') });
}

describe('FileSystemBlobStore layout', () => {
  it('shards files as ab/cd/<hex> and leaves no temp files', async () => {
    const store = fresh();
    const ref = await store.put(new TextEncoder().encode('sharded'));
    const hex = ref.$ref.slice('blob://sha256/'.length);
    expect(store.pathOf(ref)).toBe(join(store.root, hex.slice(0, 2), hex.slice(2, 4), hex));
    expect(existsSync(store.pathOf(ref))).toBe(true);
    await Promise.all(Array.from({ length: 8 }, () => store.put(new TextEncoder().encode('sharded'))));
    expect(readdirSync(join(store.root, hex.slice(0, 2), hex.slice(2, 4)))).toEqual([hex]);
  });

  it('refuses refs that are not sha256 digests instead of reading arbitrary paths', async () => {
    const store = fresh();
    await expect(store.get('blob://sha256/../../etc/passwd')).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    expect(() => store.pathOf('nothex')).toThrow(/64 hex/);
  });

  it('reports a missing blob with a hint naming where blobs live', async () => {
    const store = fresh();
    const error: unknown = await store.get('a'.repeat(64)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_NOT_FOUND' });
    expect((error as { hint?: string }).hint).toMatch(/TWINGRAPH_HOME/);
  });
});
