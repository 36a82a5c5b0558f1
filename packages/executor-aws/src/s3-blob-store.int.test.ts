import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, toErrorData } from '@twingraph/model';
import { describeBlobStoreContract, describeWithService } from '@twingraph/testing';
import { S3BlobStore } from './s3-blob-store.js';
import { motoConnection, motoReady, uniqueName, unexpectedSuccess } from './moto-test-support.test-support.js';

await describeWithService('moto', motoReady, 'S3BlobStore on moto', () => {
  describeBlobStoreContract('S3BlobStore', async () => {
    const store = new S3BlobStore({ ...motoConnection, bucket: uniqueName('tg-blobs'), prefix: 'blobs/', createBucket: true });
    return {
      store,
      corrupt: async (ref) => {
        await store.client.send(new PutObjectCommand({ Bucket: store.bucket, Key: store.keyOf(ref), Body: 'tampered bytes' }));
      },
    };
  });

  describe('presigned URLs and bad input', () => {
    it('hands out URLs that read and write objects with plain HTTP', async () => {
      const store = new S3BlobStore({ ...motoConnection, bucket: uniqueName('tg-presign'), createBucket: true });
      const ref = await store.put(new TextEncoder().encode('{"big":"payload"}'));
      const read = await fetch(await store.presignGet(store.keyOf(ref)));
      expect(await read.text()).toBe('{"big":"payload"}');
      const written = await fetch(await store.presignPut('outputs/exec-1.json'), { method: 'PUT', body: '{"out":1}' });
      expect(written.ok).toBe(true);
      expect(new TextDecoder().decode(await store.getObject('outputs/exec-1.json'))).toBe('{"out":1}');
      await store.deleteObject('outputs/exec-1.json');
      expect(await store.getObject('outputs/exec-1.json')).toBeUndefined();
      await store.close();
    });

    it('says which bucket is missing and how to create it', async () => {
      const store = new S3BlobStore({ ...motoConnection, bucket: uniqueName('tg-missing') });
      const error = await store.put(new Uint8Array([1])).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.STORE_UNAVAILABLE, details: { bucket: store.bucket } });
      expect(error.hint).toContain('aws s3 mb');
      await store.close();
    });

    it('names an unreachable endpoint and the fix', async () => {
      const store = new S3BlobStore({ ...motoConnection, endpoint: 'http://127.0.0.1:9', bucket: 'nowhere', maxAttempts: 1 });
      const error = await store.has('blob://sha256/' + '0'.repeat(64)).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, details: { platform: 's3', awsError: 'ECONNREFUSED' } });
      expect(error.hint).toContain('TWINGRAPH_AWS_ENDPOINT');
      await store.close();
    });
  });
});
