import { describe, expect, it } from 'vitest';
import { BatchExecutor, LambdaExecutor, S3BlobStore, SecretsManagerSecretResolver } from '@twingraph/executor-aws';
import { ERROR_CODES } from '@twingraph/model';
import { awsBlobStoreFromEnv, awsExecutorsFromEnv, awsSecretResolversFromEnv } from './aws-wiring.js';

describe('awsExecutorsFromEnv', () => {
  it('registers nothing in auto mode without AWS settings, and nothing with TWINGRAPH_AWS=off', () => {
    expect(awsExecutorsFromEnv({})).toEqual([]);
    expect(awsExecutorsFromEnv({ TWINGRAPH_AWS: 'off', AWS_REGION: 'eu-west-1' })).toEqual([]);
  });

  it('registers Lambda and Batch when a region is set, with the endpoint, queue and deploy settings', () => {
    const [lambda, batch] = awsExecutorsFromEnv({
      AWS_REGION: 'eu-west-1',
      TWINGRAPH_AWS_ENDPOINT: 'http://127.0.0.1:5000',
      TWINGRAPH_LAMBDA_ENDPOINT: 'http://127.0.0.1:5001',
      TWINGRAPH_LAMBDA_IMAGE_URI: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/twingraph-runtime:1',
      TWINGRAPH_LAMBDA_ROLE_ARN: 'arn:aws:iam::123456789012:role/tg',
      TWINGRAPH_LAMBDA_MEMORY: '2048',
      TWINGRAPH_BATCH_JOB_QUEUE: 'tg-queue',
      TWINGRAPH_BATCH_COMPUTE: 'FARGATE',
      TWINGRAPH_S3_BUCKET: 'tg-bucket',
    });
    expect(lambda).toBeInstanceOf(LambdaExecutor);
    expect((lambda as LambdaExecutor).options).toMatchObject({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:5001', deploy: { memorySize: 2048, roleArn: 'arn:aws:iam::123456789012:role/tg' } });
    expect((lambda as LambdaExecutor).options.blobStore).toBeInstanceOf(S3BlobStore);
    expect(batch).toBeInstanceOf(BatchExecutor);
    expect((batch as BatchExecutor).options).toMatchObject({ endpoint: 'http://127.0.0.1:5000', jobQueue: 'tg-queue', compute: 'fargate' });
  });

  it('registers them with TWINGRAPH_AWS=on even with no AWS settings (calls then fail naming the fix)', () => {
    expect(awsExecutorsFromEnv({ TWINGRAPH_AWS: 'on' }).map((e) => e.platform)).toEqual(['lambda', 'batch']);
  });

  it('rejects bad settings saying what to do', () => {
    const bad = (env: Record<string, string>) => () => awsExecutorsFromEnv({ AWS_REGION: 'us-east-1', ...env });
    expect(bad({ TWINGRAPH_AWS: 'maybe' })).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_OPTIONS }));
    expect(bad({ TWINGRAPH_LAMBDA_IMAGE_URI: 'img' })).toThrow(expect.objectContaining({ message: expect.stringContaining('without TWINGRAPH_LAMBDA_ROLE_ARN') }));
    expect(bad({ TWINGRAPH_LAMBDA_MEMORY: '64' })).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_OPTIONS }));
    expect(bad({ TWINGRAPH_BATCH_COMPUTE: 'lambda' })).toThrow(expect.objectContaining({ hint: 'e.g. TWINGRAPH_BATCH_COMPUTE=ec2' }));
  });
});

describe('AWS blob store and secrets from env', () => {
  it('S3 blobs with TWINGRAPH_S3_BUCKET, Secrets Manager with TWINGRAPH_AWS_SECRETS=1', () => {
    expect(awsBlobStoreFromEnv({})).toBeUndefined();
    expect(awsBlobStoreFromEnv({ TWINGRAPH_S3_BUCKET: 'b', TWINGRAPH_S3_PREFIX: 'p/' })).toMatchObject({ bucket: 'b', prefix: 'p/' });
    expect(awsSecretResolversFromEnv({})).toEqual([]);
    expect(awsSecretResolversFromEnv({ TWINGRAPH_AWS_SECRETS: '1' })[0]).toBeInstanceOf(SecretsManagerSecretResolver);
  });
});
