import { createHash } from 'node:crypto';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { checkedBlobDigest, type BlobRef, type BlobStore } from '@twingraph/core';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { clientConfig, describeAwsTarget, type AwsConnectionOptions } from './aws-connection.js';
import { awsErrorName, httpStatusOf, translateAwsError } from './aws-errors.js';

export interface S3BlobStoreOptions extends AwsConnectionOptions {
  /** Bucket holding the blobs (and Lambda/Batch payloads and outputs). */
  bucket: string;
  /** Key prefix, e.g. `'twingraph/'`: blobs live at `<prefix>sha256/<hex>`. @defaultValue `''` */
  prefix?: string;
  /** Create the bucket when it does not exist (tests, local services). @defaultValue false */
  createBucket?: boolean;
  /** Lifetime of presigned URLs handed to Lambda functions and Batch jobs, seconds. @defaultValue 3600 */
  presignExpiresSeconds?: number;
  /** A client to use instead of one built from the connection options. */
  client?: S3Client;
}

/**
 * Content-addressed blobs in an S3 bucket (or any S3-compatible store: set `endpoint`): key
 * `<prefix>sha256/<hex>`. Same content, same key, so concurrent writers of the same blob are
 * harmless and an existing object is not uploaded again. Reads verify the digest. Also hands out
 * presigned URLs, so a Lambda function or Batch job can read a large payload and write large
 * outputs with nothing but HTTPS (no SDK or credentials in the runtime image).
 */
export class S3BlobStore implements BlobStore {
  readonly bucket: string;
  readonly prefix: string;
  readonly client: S3Client;
  private readonly options: S3BlobStoreOptions;
  private bucketReady: Promise<void> | undefined;

  constructor(options: S3BlobStoreOptions) {
    this.options = options;
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? '';
    // Path-style addressing for custom endpoints: compatible services rarely serve bucket subdomains.
    this.client = options.client ?? new S3Client({ ...clientConfig(options), ...(options.endpoint === undefined ? {} : { forcePathStyle: true }) });
  }

  /** The object key of a blob (whether or not it exists). */
  keyOf(ref: BlobRef | string): string {
    return `${this.prefix}sha256/${checkedBlobDigest(ref)}`;
  }

  async put(data: Uint8Array): Promise<BlobRef> {
    const hex = createHash('sha256').update(data).digest('hex');
    const ref: BlobRef = { $ref: `blob://sha256/${hex}`, size: data.byteLength };
    await this.ensureBucket();
    const key = this.keyOf(hex);
    if ((await this.size(key)) === data.byteLength) return ref;
    // A copy: the caller may change its buffer while the upload is in flight.
    await this.call(() => this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: Buffer.from(data), ContentType: 'application/octet-stream', Metadata: { sha256: hex } })));
    return ref;
  }

  async get(ref: BlobRef | string): Promise<Uint8Array> {
    const hex = checkedBlobDigest(ref);
    const data = await this.getObject(this.keyOf(hex));
    if (data === undefined) {
      throw new TwinGraphError(ERROR_CODES.NOT_FOUND, `No blob '${hex}' in s3://${this.bucket}/${this.prefix}`, {
        hint: 'Run with the same TWINGRAPH_S3_BUCKET (and prefix) that produced the value, or re-run the producing component.',
        details: { kind: 'blob', id: hex, bucket: this.bucket },
        nonRetryable: true,
      });
    }
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== hex) {
      throw new TwinGraphError(ERROR_CODES.STORE_CORRUPT, `Blob ${hex} in s3://${this.bucket}/${this.keyOf(hex)} is corrupt: its content hashes to ${actual}`, {
        category: 'operational',
        hint: `Delete s3://${this.bucket}/${this.keyOf(hex)}; the component that produced it writes it again when it runs again (without cache).`,
        details: { digest: hex, actual, bucket: this.bucket, key: this.keyOf(hex) },
        nonRetryable: true,
      });
    }
    return data;
  }

  async has(ref: BlobRef | string): Promise<boolean> {
    return (await this.size(this.keyOf(ref))) !== undefined;
  }

  /** Bytes of any object of the bucket, or undefined when there is none. */
  async getObject(key: string): Promise<Uint8Array | undefined> {
    await this.ensureBucket();
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return await answer.Body!.transformToByteArray();
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw this.translate(error);
    }
  }

  /** Writes any object of the bucket (not content-addressed: markers, outputs). */
  async putObject(key: string, data: Uint8Array | string): Promise<void> {
    await this.ensureBucket();
    await this.call(() => this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: typeof data === 'string' ? data : Buffer.from(data) })));
  }

  async deleteObject(key: string): Promise<void> {
    await this.call(() => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  /** A URL that reads `key` with a plain HTTPS GET until it expires. */
  async presignGet(key: string): Promise<string> {
    await this.ensureBucket();
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: this.options.presignExpiresSeconds ?? 3600 });
  }

  /** A URL that writes `key` with a plain HTTPS PUT until it expires. */
  async presignPut(key: string): Promise<string> {
    await this.ensureBucket();
    return getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: this.options.presignExpiresSeconds ?? 3600 });
  }

  close(): Promise<void> {
    if (this.options.client === undefined) this.client.destroy();
    return Promise.resolve();
  }

  private async size(key: string): Promise<number | undefined> {
    await this.ensureBucket();
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw this.translate(error);
    }
  }

  private ensureBucket(): Promise<void> {
    if (this.options.createBucket !== true) return Promise.resolve();
    this.bucketReady ??= this.client.send(new CreateBucketCommand({ Bucket: this.bucket })).then(
      () => undefined,
      (error: unknown) => {
        if (['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(awsErrorName(error))) return;
        this.bucketReady = undefined;
        throw this.translate(error);
      },
    );
    return this.bucketReady;
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw this.translate(error);
    }
  }

  private translate(error: unknown): TwinGraphError {
    if (awsErrorName(error) === 'NoSuchBucket') {
      return new TwinGraphError(ERROR_CODES.STORE_UNAVAILABLE, `The blob bucket '${this.bucket}' does not exist in ${describeAwsTarget(this.options)}`, {
        category: 'operational',
        hint: `Create it (aws s3 mb s3://${this.bucket}) or set TWINGRAPH_S3_BUCKET to an existing bucket in AWS_REGION.`,
        details: { bucket: this.bucket },
        nonRetryable: true,
        cause: error,
      });
    }
    const translated = translateAwsError(error, 's3', describeAwsTarget(this.options));
    return translated.code === ERROR_CODES.COMPONENT_FAILED
      ? new TwinGraphError(ERROR_CODES.STORE_UNAVAILABLE, translated.message, { category: 'operational', ...(translated.hint === undefined ? {} : { hint: translated.hint }), details: { ...translated.details, bucket: this.bucket }, cause: error })
      : translated;
  }
}

function isMissing(error: unknown): boolean {
  const name = awsErrorName(error);
  return name === 'NoSuchKey' || name === 'NotFound' || (httpStatusOf(error) === 404 && name !== 'NoSuchBucket');
}
