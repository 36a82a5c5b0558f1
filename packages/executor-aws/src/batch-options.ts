import type { BatchClient } from '@aws-sdk/client-batch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsConnectionOptions } from './aws-connection.js';
import { invalidAwsOption } from './aws-errors.js';
import type { S3BlobStore } from './s3-blob-store.js';

export const BATCH_COMPUTE = ['ec2', 'fargate'] as const;
export type BatchCompute = (typeof BATCH_COMPUTE)[number];

export interface BatchExecutorOptions extends AwsConnectionOptions {
  /** Job queue of components without `job_queue`. @defaultValue none: each component must name one */
  jobQueue?: string;
  /** The TwinGraph runtime image (runtime-image/Dockerfile) for SDK functions and code components. */
  runtimeImage?: string;
  /** Compute of job definitions TwinGraph registers. @defaultValue 'ec2' */
  compute?: BatchCompute;
  /** Role the job's code runs as (S3, other AWS calls). @defaultValue none */
  jobRoleArn?: string;
  /** Role ECS uses to pull the image and write logs; required on Fargate. @defaultValue none */
  executionRoleArn?: string;
  /** Defaults of the job definitions TwinGraph registers: vCPUs. @defaultValue 1 */
  vcpus?: number;
  /** MiB. @defaultValue 2048 */
  memory?: number;
  /** Fargate: give the task a public IP (needed to pull from public registries without a NAT). @defaultValue false */
  assignPublicIp?: boolean;
  /** CloudWatch Logs group of the jobs' logs (the awslogs driver's default). @defaultValue '/aws/batch/job' */
  logGroupName?: string;
  /** Where payloads over `inlinePayloadLimit` and large outputs go (by presigned URL). @defaultValue none */
  blobStore?: S3BlobStore;
  /** Payloads over this many bytes go through the blob store (SubmitJob requests are limited to 30 KiB). @defaultValue 20_480 */
  inlinePayloadLimit?: number;
  /** First DescribeJobs interval, ms; grows ×1.5 up to `pollMaxMs`. @defaultValue 500 */
  pollIntervalMs?: number;
  /** @defaultValue 10_000 */
  pollMaxMs?: number;
  /** Variables added to every job's environment. @defaultValue none */
  env?: Record<string, string>;
  batchClient?: BatchClient;
  logsClient?: CloudWatchLogsClient;
}

/** Options a batch component may set in `platformOptions` (names as in the original TwinGraph). */
export interface BatchPlatformOptions {
  /** An existing job definition (name, name:revision or ARN) instead of one TwinGraph registers. */
  job_definition?: string;
  job_queue?: string;
  vcpus?: number;
  /** MiB. */
  memory?: number;
  gpu?: number;
  /** Run as an array job of this many children (2–10000); child i gets input `array_index: i`; outputs are `{ items: [...] }`. */
  array_size?: number;
  compute?: BatchCompute;
}

const KNOWN = ['job_definition', 'job_queue', 'vcpus', 'memory', 'gpu', 'array_size', 'compute'];
const FARGATE_VCPUS = [0.25, 0.5, 1, 2, 4, 8, 16];

/** Validates a batch component's platformOptions. */
export function readBatchPlatformOptions(component: string, raw: Record<string, unknown>): BatchPlatformOptions {
  const bad = (option: string, problem: string, hint: string): never => {
    throw invalidAwsOption('batch', component, `platformOptions.${option}`, problem, hint);
  };
  const unknown = Object.keys(raw).filter((key) => !KNOWN.includes(key));
  if (unknown.length > 0) bad(unknown[0]!, 'is not a batch option', `Batch platformOptions are: ${KNOWN.join(', ')}.`);
  const options: BatchPlatformOptions = {};
  for (const key of ['job_definition', 'job_queue'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !/^[A-Za-z0-9:/._-]{1,1600}$/.test(value)) bad(key, `${JSON.stringify(value)} is not a name or ARN`, `e.g. ${key}: '${key === 'job_queue' ? 'twingraph-queue' : 'my-job-definition:3'}'`);
    options[key] = value as string;
  }
  const vcpus = raw['vcpus'];
  if (vcpus !== undefined) {
    if (typeof vcpus !== 'number' || !(vcpus > 0) || vcpus > 256) bad('vcpus', `must be a number of vCPUs above 0, got ${JSON.stringify(vcpus)}`, 'e.g. vcpus: 2 (Fargate: 0.25, 0.5, 1, 2, 4, 8 or 16)');
    options.vcpus = vcpus as number;
  }
  const memory = raw['memory'];
  if (memory !== undefined) {
    if (typeof memory !== 'number' || !Number.isInteger(memory) || memory < 4) bad('memory', `must be whole MiB (at least 4), got ${JSON.stringify(memory)}`, 'e.g. memory: 2048');
    options.memory = memory as number;
  }
  const gpu = raw['gpu'];
  if (gpu !== undefined) {
    if (typeof gpu !== 'number' || !Number.isInteger(gpu) || gpu < 0) bad('gpu', `must be a whole number of GPUs, got ${JSON.stringify(gpu)}`, 'e.g. gpu: 1 (the queue needs GPU instances)');
    options.gpu = gpu as number;
  }
  const size = raw['array_size'];
  if (size !== undefined) {
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 2 || size > 10_000) bad('array_size', `must be a whole number from 2 to 10000 (AWS Batch array limits), got ${JSON.stringify(size)}`, 'e.g. array_size: 100; for a single job leave it out.');
    options.array_size = size as number;
  }
  const compute = raw['compute'];
  if (compute !== undefined) {
    if (!BATCH_COMPUTE.includes(compute as BatchCompute)) bad('compute', `must be one of ${BATCH_COMPUTE.join(', ')}`, "e.g. compute: 'fargate'");
    options.compute = compute as BatchCompute;
  }
  if (options.compute === 'fargate') {
    if (options.gpu !== undefined && options.gpu > 0) bad('gpu', 'is not available on Fargate', "Use compute: 'ec2' with a GPU compute environment.");
    if (options.vcpus !== undefined && !FARGATE_VCPUS.includes(options.vcpus)) bad('vcpus', `must be one of ${FARGATE_VCPUS.join(', ')} on Fargate, got ${options.vcpus}`, 'e.g. vcpus: 1, memory: 2048');
  }
  return options;
}
