import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSystemBlobStore } from '@twingraph/core';
import { createWiredEngine, largeValueBytesFromEnv } from './default-engine.js';

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe('default wiring: large data', () => {
  it('keeps blobs under <home>/blobs', async () => {
    const home = mkdtempSync(join(tmpdir(), 'twingraph-home-'));
    homes.push(home);
    const engine = createWiredEngine({ home, store: 'memory', graph: 'memory', cache: true });
    expect(engine.blobStore).toBeInstanceOf(FileSystemBlobStore);
    expect((engine.blobStore as FileSystemBlobStore).root).toBe(join(home, 'blobs'));
    await engine.close();
  });

  it('reads the limit from TWINGRAPH_LARGE_VALUE_BYTES', () => {
    expect(largeValueBytesFromEnv({})).toEqual({});
    expect(largeValueBytesFromEnv({ TWINGRAPH_LARGE_VALUE_BYTES: '1048576' })).toEqual({ largeValueBytes: 1048576 });
    expect(largeValueBytesFromEnv({ TWINGRAPH_LARGE_VALUE_BYTES: 'off' })).toEqual({ largeValueBytes: Number.POSITIVE_INFINITY });
    expect(() => largeValueBytesFromEnv({ TWINGRAPH_LARGE_VALUE_BYTES: '5MB' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }));
  });
});
