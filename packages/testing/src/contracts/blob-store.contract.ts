import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BlobRef, BlobStore } from '@twingraph/core';
import { useFreshSubject, type ContractSubject } from './contract-harness.js';

export interface BlobStoreSubject extends ContractSubject {
  /** An empty store, used by one test only. */
  store: BlobStore;
  /**
   * Damages the stored bytes of this blob (for stores that keep bytes outside the process);
   * without it the corruption case is skipped.
   */
  corrupt?: (ref: BlobRef) => Promise<void>;
}

export type BlobStoreFactory = () => Promise<BlobStoreSubject>;

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * The BlobStore contract: every backend binds it, e.g.
 * `describeBlobStoreContract('InMemoryBlobStore', async () => ({ store: new InMemoryBlobStore() }))`.
 * Without `cleanup`, the suite closes the store after each test.
 */
export function describeBlobStoreContract(name: string, factory: BlobStoreFactory): void {
  describe(`BlobStore contract: ${name}`, () => {
    const subject = useFreshSubject(factory, async (s) => {
      await s.store.close?.();
    });
    const store = (): BlobStore => subject().store;

    it('names a blob by the sha256 of its content and gives the same bytes back', async () => {
      const data = text('{"rows":[1,2,3],"name":"日本 😀"}');
      const ref = await store().put(data);
      expect(ref).toEqual({ $ref: `blob://sha256/${sha256(data)}`, size: data.byteLength });
      expect(Buffer.from(await store().get(ref)).equals(Buffer.from(data))).toBe(true);
      // By the ref object, its string, or the bare digest.
      expect(Buffer.from(await store().get(ref.$ref)).equals(Buffer.from(data))).toBe(true);
      expect(Buffer.from(await store().get(sha256(data))).equals(Buffer.from(data))).toBe(true);
    });

    it('says which blobs it has', async () => {
      const ref = await store().put(text('present'));
      expect(await store().has(ref)).toBe(true);
      expect(await store().has(ref.$ref)).toBe(true);
      expect(await store().has(`blob://sha256/${sha256(text('absent'))}`)).toBe(false);
    });

    it('stores the same content once under one ref', async () => {
      const first = await store().put(text('same'));
      const second = await store().put(text('same'));
      const [third, fourth] = await Promise.all([store().put(text('same')), store().put(text('same'))]);
      expect(new Set([first.$ref, second.$ref, third.$ref, fourth.$ref]).size).toBe(1);
      expect(Buffer.from(await store().get(first)).toString()).toBe('same');
    });

    it('keeps what was put, not the caller\'s buffer as it changes later', async () => {
      const data = text('original');
      const ref = await store().put(data);
      data.fill(0);
      expect(Buffer.from(await store().get(ref)).toString()).toBe('original');
    });

    it('round-trips an empty blob and a 6 MiB one', async () => {
      const empty = await store().put(new Uint8Array(0));
      expect(empty.size).toBe(0);
      expect((await store().get(empty)).byteLength).toBe(0);
      const big = new Uint8Array(6 * 1024 * 1024);
      for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
      const ref = await store().put(big);
      expect(ref.size).toBe(big.byteLength);
      expect(Buffer.from(await store().get(ref)).equals(Buffer.from(big))).toBe(true);
    });

    it('rejects a missing blob with ERR_NOT_FOUND', async () => {
      await expect(store().get(`blob://sha256/${sha256(text('never stored'))}`)).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    });

    it('rejects a blob whose bytes no longer match their digest with ERR_STORE_CORRUPT and a hint', async (context) => {
      const corrupt = subject().corrupt;
      if (corrupt === undefined) {
        context.skip();
        return;
      }
      const ref = await store().put(text('precious data'));
      await corrupt(ref);
      const error: unknown = await store().get(ref).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_STORE_CORRUPT' });
      expect((error as { hint?: string }).hint).toBeTruthy();
    });
  });
}
