import { describe, expect, it } from 'vitest';
import { validateWorkflow, type WorkflowDocument } from '@twingraph/model';
import { keyInUse, linesToList, PLATFORM_OPTION_FIELDS, platformOptionErrors, readOption, writeOption, type OptionField } from './platform-option-fields.js';

const field = (platform: keyof typeof PLATFORM_OPTION_FIELDS, key: string): OptionField => PLATFORM_OPTION_FIELDS[platform].find((f) => f.keys[0] === key)!;

describe('platform option fields', () => {
  it('has a field for every option the seed documents, per platform', () => {
    const keys = (platform: keyof typeof PLATFORM_OPTION_FIELDS) => PLATFORM_OPTION_FIELDS[platform].flatMap((f) => f.keys);
    expect(keys('kubernetes')).toEqual(expect.arrayContaining(['namespace', 'config.namespace', 'resources', 'node_selector', 'pull_policy', 'serviceAccountName', 'tolerations']));
    expect(keys('lambda')).toEqual(expect.arrayContaining(['function_name', 'memory_size', 'timeout', 'layers', 'architecture']));
    expect(keys('batch')).toEqual(expect.arrayContaining(['job_definition', 'job_queue', 'vcpus', 'memory', 'gpu', 'array_size', 'compute']));
    expect(keys('docker')).toEqual(expect.arrayContaining(['pullPolicy', 'volumes', 'network']));
    expect(PLATFORM_OPTION_FIELDS.local).toEqual([]);
  });

  it('reads and writes a key under the spelling the document uses, other spellings removed', () => {
    const selector = field('kubernetes', 'nodeSelector');
    expect(keyInUse(undefined, selector)).toBe('nodeSelector');
    expect(writeOption(undefined, selector, { disk: 'ssd' })).toEqual({ nodeSelector: { disk: 'ssd' } });
    // A document of the original TwinGraph keeps its snake_case.
    expect(readOption({ node_selector: { zone: 'a' } }, selector)).toEqual({ zone: 'a' });
    expect(writeOption({ node_selector: { zone: 'a' }, namespace: 'jobs' }, selector, { zone: 'b' })).toEqual({ node_selector: { zone: 'b' }, namespace: 'jobs' });

    const namespace = field('kubernetes', 'namespace');
    expect(readOption({ config: { namespace: 'ml' } }, namespace)).toBe('ml');
    expect(writeOption({ config: { namespace: 'ml' } }, namespace, 'ml2')).toEqual({ config: { namespace: 'ml2' } });
    expect(writeOption({ config: { namespace: 'ml' }, pullPolicy: 'Always' }, namespace, undefined)).toEqual({ pullPolicy: 'Always' });
    expect(writeOption({ namespace: 'a', config: { namespace: 'b' } }, namespace, 'c')).toEqual({ namespace: 'c' });

    const memory = field('lambda', 'memory_size');
    expect(writeOption({ timeout: 30 }, memory, 2048)).toEqual({ timeout: 30, memory_size: 2048 });
    expect(writeOption({ memory_size: 2048 }, memory, undefined)).toBeUndefined();
    expect(linesToList(' arn:a \n\n arn:b ')).toEqual(['arn:a', 'arn:b']);
    expect(linesToList('  \n')).toBeUndefined();
  });

  it('puts the problems of the model schemas on their fields, and unknown keys on the advanced editor', () => {
    expect(platformOptionErrors('lambda', { memory_size: 2048, architecture: 'arm64' })).toEqual({});
    const lambda = platformOptionErrors('lambda', { memory_size: 64, layers: ['not-an-arn'], colour: 'red' });
    expect(lambda['memory_size']).toEqual([expect.stringMatching(/128/)]);
    expect(lambda['layers']).toEqual([expect.stringMatching(/^0: a layer version ARN/)]);
    expect(lambda['']).toEqual([expect.stringMatching(/colour/)]);

    const batch = platformOptionErrors('batch', { compute: 'fargate', gpu: 1, vcpus: 3 });
    expect(batch['gpu']).toEqual(["GPUs are not available on Fargate: use compute 'ec2'"]);
    expect(batch['vcpus']).toEqual([expect.stringMatching(/Fargate vCPUs/)]);

    const kubernetes = platformOptionErrors('kubernetes', { config: { namespace: 'ML_Jobs' }, pull_policy: 'sometimes', tolerations: [{ operator: 'Maybe' }] });
    expect(kubernetes['namespace']).toEqual([expect.stringMatching(/DNS-1123 label/)]);
    expect(kubernetes['pullPolicy']).toHaveLength(1);
    expect(kubernetes['tolerations']).toEqual([expect.stringMatching(/^0\.operator: /)]);
    // No schema for docker options here (the docker executor checks them), none for local.
    expect(platformOptionErrors('docker', { anything: 1 })).toEqual({});
  });

  it('what the fields write is what validateWorkflow accepts', () => {
    let options = writeOption(undefined, field('lambda', 'memory_size'), 2048);
    options = writeOption(options, field('lambda', 'layers'), ['arn:aws:lambda:eu-west-1:123456789012:layer:numpy:3']);
    options = writeOption(options, field('lambda', 'architecture'), 'arm64');
    const doc = {
      apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'w' },
      nodes: [{ id: 'f', type: 'component', platform: 'lambda', image: 'runtime:1', language: 'python', code: 'def process(inputs):\n    return {}\n', platformOptions: options }],
      edges: [],
    } as unknown as WorkflowDocument;
    expect(validateWorkflow(doc).ok).toBe(true);
    expect(validateWorkflow({ ...doc, nodes: [{ ...doc.nodes[0]!, platformOptions: { memory_size: 64 } }] }).problems.map((p) => p.path)).toEqual(['$.nodes[0].platformOptions.memory_size']);
  });
});
