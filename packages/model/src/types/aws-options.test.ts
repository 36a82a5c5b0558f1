import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors/error-codes.js';
import { validateWorkflow } from '../workflow/validate-workflow.js';
import { componentOptionsSchema } from './component-options.js';
import { parseOptions } from './validate-options.js';

describe('lambda and batch platformOptions', () => {
  it('accepts the documented options of the original TwinGraph', () => {
    const lambda = parseOptions(componentOptionsSchema, { name: 'a', platform: 'lambda', platformOptions: { function_name: 'twingraph-a', memory_size: 1024, timeout: 60, layers: ['arn:aws:lambda:us-east-1:123456789012:layer:numpy:3'] } }, 'component');
    expect(lambda.platformOptions).toMatchObject({ memory_size: 1024 });
    const batch = parseOptions(componentOptionsSchema, { name: 'b', platform: 'batch', platformOptions: { job_definition: 'tg-def:3', job_queue: 'tg-queue', vcpus: 2, memory: 4096, gpu: 1, array_size: 10 } }, 'component');
    expect(batch.platformOptions).toMatchObject({ array_size: 10 });
  });

  it('rejects bad values with their path, for SDK options and document nodes', () => {
    expect(() => parseOptions(componentOptionsSchema, { platform: 'lambda', platformOptions: { memory_size: 64, timeout: 1000 } }, "component 'x'")).toThrow(
      expect.objectContaining({ code: ERROR_CODES.INVALID_OPTIONS, message: expect.stringMatching(/platformOptions\.memory_size[\s\S]*platformOptions\.timeout/) }),
    );
    expect(() => parseOptions(componentOptionsSchema, { platform: 'batch', platformOptions: { jobqueue: 'q' } }, "component 'x'")).toThrow(/jobqueue/);
    expect(() => parseOptions(componentOptionsSchema, { platform: 'batch', platformOptions: { compute: 'fargate', gpu: 1 } }, "component 'x'")).toThrow(/platformOptions\.gpu: GPUs are not available on Fargate/);
    // Other platforms' options are not checked here.
    expect(() => parseOptions(componentOptionsSchema, { platform: 'docker', platformOptions: { memory_size: 1 } }, "component 'x'")).not.toThrow();
    const result = validateWorkflow({
      apiVersion: 'twingraph/v1',
      kind: 'Workflow',
      metadata: { name: 'aws' },
      nodes: [{ id: 'a', type: 'component', platform: 'batch', language: 'python', code: 'def process(i):\n    return {}', platformOptions: { array_size: 1 } }],
      edges: [],
    });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain('array_size');
  });
});
