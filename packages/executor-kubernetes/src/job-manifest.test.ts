import { describe, expect, it } from 'vitest';
import type { ComponentSpec, ExecutionRequest } from '@twingraph/core';
import { ERROR_CODES, toErrorData } from '@twingraph/model';
import { buildJobPlan } from './job-manifest.js';
import { resolveKubernetesExecutorOptions } from './kubernetes-executor-options.js';
import { jobName, labelValue } from './kubernetes-names.js';
import { cpuQuantity, memoryQuantity } from './kubernetes-quantity.js';
import { validateJob } from './stand-in/manifest-validation.js';

const options = resolveKubernetesExecutorOptions({ labels: { owner: 'ml' }, imagePullSecrets: ['regcred'] });

function request(component: Partial<ComponentSpec>, extra: Partial<ExecutionRequest> = {}): ExecutionRequest {
  return {
    runId: 'run-1',
    executionId: '0b7c4f2e-9d1a-4c55-8e0e-1f2a3b4c5d6e',
    attempt: 2,
    component: { name: 'Train_Model', platform: 'kubernetes', codeHash: 'h', language: 'python', code: 'def process(i):\n    return i', image: 'python:3.12-slim', ...component },
    inputs: { n: 1 },
    signal: new AbortController().signal,
    log: () => undefined,
    ...extra,
  };
}

describe('Job manifest', () => {
  it('builds a valid batch/v1 Job with every option the component gives', async () => {
    const plan = await buildJobPlan(
      request(
        {
          resources: { cpu: 0.5, memory: '512Mi', gpu: 1 },
          env: { MODE: 'fast' },
          platformOptions: {
            config: { namespace: 'ml-jobs' },
            node_selector: { 'cloud.google.com/gke-nodepool': 'gpu' },
            tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
            serviceAccountName: 'trainer',
            pull_policy: 'always',
            imagePullSecrets: ['team-registry'],
            secretEnv: { API_TOKEN: { secret: 'api', key: 'token' } },
            labels: { team: 'ml' },
            annotations: { 'example.com/cost-center': '42' },
          },
        },
        { timeoutMs: 90_500 },
      ),
      options,
      'default',
    );
    const job = plan.job;
    expect(plan).toMatchObject({ namespace: 'ml-jobs', name: 'tg-0b7c4f2e-9d1a-4c55-8e0e-1f2a3b4c5d6e-a2', activeDeadlineSeconds: 91, memoryLimit: '512Mi' });
    expect(job.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 91, ttlSecondsAfterFinished: 300 });
    const pod = job.spec!.template.spec!;
    expect(pod).toMatchObject({
      restartPolicy: 'Never',
      serviceAccountName: 'trainer',
      nodeSelector: { 'cloud.google.com/gke-nodepool': 'gpu' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      imagePullSecrets: [{ name: 'regcred' }, { name: 'team-registry' }],
    });
    const container = pod.containers[0]!;
    expect(container).toMatchObject({ name: 'component', image: 'python:3.12-slim', imagePullPolicy: 'Always', workingDir: '/twingraph/work' });
    expect(container.resources).toEqual({ requests: { memory: '512Mi', cpu: '500m' }, limits: { memory: '512Mi', cpu: '500m', 'nvidia.com/gpu': '1' } });
    expect(container.env).toContainEqual({ name: 'MODE', value: 'fast' });
    expect(container.env).toContainEqual({ name: 'TWINGRAPH_INPUTS', value: '{"n":1}' });
    expect(container.env).toContainEqual({ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } });
    expect(container.command!.slice(0, 2)).toEqual(['sh', '-c']);
    expect(container.command!.slice(3)).toEqual(['twingraph', 'python3', '/twingraph/work/.twingraph/twingraph_harness.py']);
    expect(job.metadata!.labels).toMatchObject({ owner: 'ml', team: 'ml', 'app.kubernetes.io/managed-by': 'twingraph', 'twingraph.io/component': 'Train_Model', 'twingraph.io/job': plan.name });
    expect(job.metadata!.annotations).toMatchObject({ 'example.com/cost-center': '42', 'twingraph.io/execution-id': '0b7c4f2e-9d1a-4c55-8e0e-1f2a3b4c5d6e', 'twingraph.io/attempt': '2' });
    // What the stand-in checks is what the API server checks: the manifest passes.
    expect(validateJob(job as unknown as Record<string, unknown>, { requireBackoffLimitZero: true })).toEqual([]);
  });

  it('an image + command with small inputs needs no shell: the command as is, inputs in env', async () => {
    const plan = await buildJobPlan(request({ language: undefined, code: undefined, image: 'busybox:1', command: ['cat', '/etc/hostname'] }), options, 'default');
    const container = plan.job.spec!.template.spec!.containers[0]!;
    expect(container.command).toEqual(['cat', '/etc/hostname']);
    expect(container.workingDir).toBeUndefined();
    expect(container.env).toContainEqual({ name: 'TWINGRAPH_INPUTS', value: '{"n":1}' });
    expect(plan.job.spec!.activeDeadlineSeconds).toBeUndefined();
  });

  it('refuses what Kubernetes would refuse, before contacting it', async () => {
    const fail = (component: Partial<ComponentSpec>) => buildJobPlan(request(component), options, 'default').then(() => undefined, (e: unknown) => toErrorData(e));
    expect(await fail({ platformOptions: { namespace: 'Bad_NS' } })).toMatchObject({ code: ERROR_CODES.INVALID_OPTIONS, details: { option: 'platformOptions.namespace', platform: 'kubernetes' } });
    expect(await fail({ platformOptions: { pullPolicy: 'sometimes' } })).toMatchObject({ details: { option: 'platformOptions.pullPolicy' } });
    expect(await fail({ platformOptions: { nodeSelectr: { a: 'b' } } })).toMatchObject({ message: expect.stringContaining('nodeSelectr') });
    expect(await fail({ platformOptions: { namespace: 'a', config: { namespace: 'b' } } })).toMatchObject({ message: expect.stringContaining('disagree') });
    expect(await fail({ resources: { memory: 'lots' } })).toMatchObject({ details: { option: 'resources.memory' } });
    expect(await fail({ language: undefined, code: undefined, image: undefined })).toMatchObject({ details: { option: 'image' } });
    const big = await buildJobPlan(request({}, { inputs: { blob: 'x'.repeat(2 * 1024 * 1024) } }), options, 'default').then(() => undefined, (e: unknown) => toErrorData(e));
    expect(big).toMatchObject({ code: ERROR_CODES.INVALID_OPTIONS, details: { limit: 1024 * 1024 } });
  });

  it('refuses an SDK function that uses variables from outside itself, before creating the Job', async () => {
    const factor = 3;
    const fn = (({ n }: { n: number }) => ({ scaled: n * factor })) as NonNullable<ComponentSpec['fn']>;
    const error = await buildJobPlan(request({ name: 'scale', fn, language: undefined, code: undefined }), options, 'default').then(() => undefined, (e: unknown) => toErrorData(e));
    expect(error).toMatchObject({ code: ERROR_CODES.VALIDATION, details: { component: 'scale', freeIdentifiers: ['factor'] } });
    expect(error?.message).toContain("Kubernetes component 'scale' uses 'factor' from outside its function");
  });
});

describe('names and quantities', () => {
  it('Job names are DNS-1123 labels of at most 52 characters, distinct per execution and attempt', () => {
    expect(jobName('exec-1', 1)).toBe('tg-exec-1-a1');
    const long = jobName('Run_With.Very_LONG-execution-id-that-goes-on-and-on-1234567890', 3);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(long.length).toBeLessThanOrEqual(52);
    expect(long).toMatch(/-a3$/);
    expect(jobName('A', 1)).not.toBe(jobName('a', 1));
  });

  it('label values are kept when valid, else shortened with a hash', () => {
    expect(labelValue('run-1')).toBe('run-1');
    const value = labelValue(`${'x'.repeat(80)}/with spaces`);
    expect(value.length).toBeLessThanOrEqual(63);
    expect(value).toMatch(/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/);
  });

  it('memory and cpu become Kubernetes quantities', () => {
    expect(memoryQuantity('512Mi')).toEqual({ quantity: '512Mi' });
    expect(memoryQuantity('2G')).toEqual({ quantity: '2G' });
    expect(memoryQuantity('1.5 GiB')).toEqual({ quantity: String(1.5 * 2 ** 30) });
    expect(memoryQuantity('100K')).toEqual({ quantity: '100000' });
    expect(memoryQuantity(1048576)).toEqual({ quantity: '1048576' });
    expect(memoryQuantity('lots')).toHaveProperty('problem');
    expect(cpuQuantity(2)).toEqual({ quantity: '2' });
    expect(cpuQuantity(0.25)).toEqual({ quantity: '250m' });
    expect(cpuQuantity('500m')).toEqual({ quantity: '500m' });
    expect(cpuQuantity('0')).toHaveProperty('problem');
  });
});

describe('stand-in manifest validation', () => {
  const valid = () => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'ok' },
    spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
  });

  it('accepts a minimal Job', () => {
    expect(validateJob(valid(), { requireBackoffLimitZero: true })).toEqual([]);
  });

  it('reports each problem with its field, as the API server does', () => {
    const job = valid() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- editing JSON
    job['metadata'].name = 'Not_Valid';
    job['spec'].backoffLimit = 6;
    job['spec'].template.spec.restartPolicy = 'Always';
    job['spec'].template.spec.containers[0].image = '';
    job['spec'].template.spec.containers[0].resources = { limits: { memory: '12 parsecs' } };
    job['spec'].template.spec.containers[0].env = [{ name: '1BAD' }];
    job['spec'].template.spec.tolerations = [{ operator: 'Exists', value: 'x' }];
    const fields = validateJob(job, { requireBackoffLimitZero: true }).map((c) => c.field);
    expect(fields).toEqual([
      'metadata.name',
      'spec.backoffLimit',
      'spec.template.spec.restartPolicy',
      'spec.template.spec.tolerations[0].operator',
      'spec.template.spec.containers[0].image',
      'spec.template.spec.containers[0].env[0].name',
      'spec.template.spec.containers[0].resources.limits[memory]',
    ]);
    expect(validateJob({ ...valid(), spec: { ...valid().spec, backoffLimit: 6 } }, { requireBackoffLimitZero: false })).toEqual([]);
  });
});
