import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@twingraph/model';
import { awsConnectionFromEnv, describeAwsTarget } from './aws-connection.js';
import { translateAwsError } from './aws-errors.js';
import { backoffDelay } from './backoff.js';
import { jobDefinitionName, type JobDefinitionSpec } from './batch-job-definitions.js';
import { readBatchPlatformOptions } from './batch-options.js';
import { decodeLogResult } from './lambda-log-result.js';
import { readLambdaPlatformOptions } from './lambda-options.js';

describe('platform options', () => {
  it('accepts the documented lambda and batch options', () => {
    expect(readLambdaPlatformOptions('a', { function_name: 'tg-a', memory_size: 512, timeout: 60, architecture: 'arm64' })).toEqual({ function_name: 'tg-a', memory_size: 512, timeout: 60, architecture: 'arm64' });
    expect(readLambdaPlatformOptions('a', { function_name: 'arn:aws:lambda:us-east-1:123456789012:function:tg-a:live' })).toMatchObject({ function_name: expect.stringContaining(':live') });
    expect(readBatchPlatformOptions('b', { job_queue: 'q', job_definition: 'def:3', vcpus: 0.5, memory: 1024, gpu: 1, array_size: 100 })).toMatchObject({ array_size: 100, vcpus: 0.5 });
  });

  it('names the option and the fix for bad values', () => {
    const error = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e as { code: string; details: Record<string, unknown>; hint: string };
      }
      throw new Error('expected an error');
    };
    expect(error(() => readLambdaPlatformOptions('a', { function_name: 'has space' }))).toMatchObject({ code: ERROR_CODES.INVALID_OPTIONS, details: { component: 'a', platform: 'lambda', option: 'platformOptions.function_name' } });
    expect(error(() => readLambdaPlatformOptions('a', { layers: Array.from({ length: 6 }, (_, i) => `arn:aws:lambda:us-east-1:123456789012:layer:l:${i}`) })).details).toMatchObject({ option: 'platformOptions.layers' });
    expect(error(() => readBatchPlatformOptions('b', { memory: 1.5 })).hint).toContain('memory: 2048');
    expect(error(() => readBatchPlatformOptions('b', { compute: 'fargate', vcpus: 3 })).details).toMatchObject({ option: 'platformOptions.vcpus' });
    expect(error(() => readBatchPlatformOptions('b', { queue: 'q' })).hint).toContain('job_queue');
  });
});

describe('job definition names', () => {
  const spec: JobDefinitionSpec = { component: 'my comp', image: 'img:1', command: ['--batch'], compute: 'ec2', vcpus: 1, memory: 2048, gpu: 0, assignPublicIp: false };
  it('carry the component and a hash of everything that makes a revision', () => {
    expect(jobDefinitionName(spec)).toMatch(/^twingraph-my-comp-[0-9a-f]{12}$/);
    expect(jobDefinitionName({ ...spec })).toBe(jobDefinitionName(spec));
    expect(jobDefinitionName({ ...spec, image: 'img:2' })).not.toBe(jobDefinitionName(spec));
    expect(jobDefinitionName({ ...spec, memory: 4096 })).not.toBe(jobDefinitionName(spec));
  });
});

describe('Lambda log tails', () => {
  it('splits lines and marks Lambda\'s own lines as system', () => {
    const text = 'START RequestId: 1 Version: $LATEST\nhello\nworld\nEND RequestId: 1\nREPORT RequestId: 1\tDuration: 3 ms\n';
    expect(decodeLogResult(Buffer.from(text).toString('base64'))).toEqual([
      ['system', 'START RequestId: 1 Version: $LATEST'],
      ['stdout', 'hello'],
      ['stdout', 'world'],
      ['system', 'END RequestId: 1'],
      ['system', 'REPORT RequestId: 1\tDuration: 3 ms'],
    ]);
  });

  it('drops the partial first line of a truncated 4 KB tail and says where the rest is', () => {
    const text = `${'x'.repeat(10)}partial\n${'line\n'.repeat(900)}`.slice(-4096);
    const lines = decodeLogResult(Buffer.from(text).toString('base64'));
    expect(lines[0]![0]).toBe('system');
    expect(lines[0]![1]).toContain('CloudWatch');
    expect(lines.slice(1).every(([, l]) => l === 'line')).toBe(true);
  });
});

describe('connection and errors', () => {
  it('reads endpoint and region from the environment, TwinGraph names first', () => {
    expect(awsConnectionFromEnv({ AWS_ENDPOINT_URL: 'http://a', TWINGRAPH_AWS_ENDPOINT: 'http://b', AWS_DEFAULT_REGION: 'eu-west-1' })).toEqual({ endpoint: 'http://b', region: 'eu-west-1' });
    expect(describeAwsTarget({ region: 'eu-west-1', endpoint: 'http://b' })).toBe('eu-west-1 at http://b');
  });

  it('turns a missing region into a hint about AWS_REGION', () => {
    const error = translateAwsError(new Error('Region is missing'), 'batch', 'the default region', 'c');
    expect(error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, details: { component: 'c', platform: 'batch' } });
    expect(error.hint).toContain('AWS_REGION');
  });

  it('backs off exponentially with jitter, capped', () => {
    for (let retry = 0; retry < 10; retry++) {
      const delay = backoffDelay(retry, 200, 10_000);
      const raw = Math.min(10_000, 200 * 2 ** retry);
      expect(delay).toBeGreaterThanOrEqual(raw * 0.75);
      expect(delay).toBeLessThanOrEqual(raw * 1.25);
    }
  });
});
