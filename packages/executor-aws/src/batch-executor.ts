import { BatchClient, DescribeJobQueuesCommand, SubmitJobCommand, TerminateJobCommand, type JobDetail, type KeyValuePair } from '@aws-sdk/client-batch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { OutputCollector, PendingWork, RUNTIME_ENV, type ExecutionOutcome, type ExecutionRequest, type Executor } from '@twingraph/core';
import { ERROR_CODES, isTwinGraphError, TwinGraphError } from '@twingraph/model';
import { clientConfig, describeAwsTarget } from './aws-connection.js';
import { invalidAwsOption, translateAwsError } from './aws-errors.js';
import { sleep } from './backoff.js';
import { JobDefinitionRegistry, resourceRequirements, type JobDefinitionSpec } from './batch-job-definitions.js';
import { batchJobFailed, batchOutputs, STORED_MARKER } from './batch-job-outputs.js';
import { BatchJobPoller } from './batch-job-poller.js';
import { LogStreamReader } from './batch-log-reader.js';
import { readBatchPlatformOptions, type BatchExecutorOptions, type BatchPlatformOptions } from './batch-options.js';
import { buildLaunchPayload } from './launch-payload.js';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED']);

/** Command of TwinGraph's job definitions: the runtime image's entrypoint runs, this is its only argument. */
export const RUNTIME_COMMAND = ['--batch'];

interface JobWatch {
  jobId: string;
  children: string[];
}

/**
 * Runs each attempt of a component as an AWS Batch job (platform `'batch'`): SDK functions and code
 * components on the TwinGraph runtime image, plain image + command components on their own image.
 * Job definitions are registered once per component and revision (name + content hash, reused
 * across runs); jobs are submitted with container overrides (the runtime payload, or a presigned S3
 * URL of it when large); `array_size` submits an array job. Status comes from one DescribeJobs
 * loop for all jobs (100 per call, growing intervals while nothing changes), logs from the job's CloudWatch Logs stream (live while it runs), outputs from the
 * `::twingraph-outputs::` line of the log or, when large, from S3. Cancel and timeout terminate the job
 * (TerminateJob) and `close()` waits until it has stopped.
 */
export class BatchExecutor implements Executor {
  readonly platform = 'batch' as const;
  readonly batch: BatchClient;
  readonly logs: CloudWatchLogsClient;
  private readonly definitions: JobDefinitionRegistry;
  private readonly poller: BatchJobPoller;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly inFlight = new PendingWork();

  constructor(readonly options: BatchExecutorOptions = {}) {
    this.batch = options.batchClient ?? new BatchClient(clientConfig(options));
    this.logs = options.logsClient ?? new CloudWatchLogsClient(clientConfig(options));
    this.definitions = new JobDefinitionRegistry(this.batch);
    this.poller = new BatchJobPoller(this.batch, options.pollIntervalMs ?? 500, options.pollMaxMs ?? 10_000);
  }

  get target(): string {
    return describeAwsTarget(this.options);
  }

  async execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const started = performance.now();
    const name = request.component.name;
    const platform = readBatchPlatformOptions(name, request.component.platformOptions ?? {});
    const queue = platform.job_queue ?? this.options.jobQueue;
    if (queue === undefined) throw invalidAwsOption('batch', name, 'platformOptions.job_queue', 'is missing and no default job queue is configured', 'Set job_queue on the component, or TWINGRAPH_BATCH_JOB_QUEUE for every batch component.');
    let watch: JobWatch | undefined;
    try {
      await this.ensureQueue(queue, name);
      const { jobDefinition, overrides, byReference, outputsKey } = await this.prepare(request, platform);
      if (request.signal.aborted) throw request.signal.reason;
      const size = platform.array_size;
      const submitted = await this.batch.send(
        new SubmitJobCommand({
          jobName: `${name}-${request.executionId}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 128),
          jobQueue: queue,
          jobDefinition,
          containerOverrides: overrides,
          ...(size === undefined ? {} : { arrayProperties: { size } }),
          ...(request.timeoutMs === undefined ? {} : { timeout: { attemptDurationSeconds: Math.max(60, Math.ceil(request.timeoutMs / 1000)) } }),
          tags: { 'twingraph:run': request.runId.slice(0, 256), 'twingraph:execution': request.executionId.slice(0, 256) },
        }),
      );
      watch = { jobId: submitted.jobId!, children: size === undefined ? [] : Array.from({ length: size }, (_, i) => `${submitted.jobId!}:${i}`) };
      request.log('system', `submitted Batch job ${submitted.jobName ?? ''} (${watch.jobId}) to queue ${queue}${size === undefined ? '' : ` as an array of ${size}`}`);
      const outputs = await this.follow(request, watch, outputsKey);
      return {
        outputs: outputs.outputs,
        metadata: { jobId: watch.jobId, jobQueue: queue, jobDefinition, outputsSource: outputs.source, payloadByReference: byReference, durationMs: Math.round(performance.now() - started) },
      };
    } catch (error) {
      if (request.signal.aborted) {
        if (watch !== undefined) this.terminate(watch, request);
        throw request.signal.reason;
      }
      throw isTwinGraphError(error) ? error : translateAwsError(error, 'batch', this.target, name);
    }
  }

  /** Checks the credentials and endpoint by listing job queues. */
  async healthCheck(): Promise<void> {
    try {
      await this.batch.send(new DescribeJobQueuesCommand({ maxResults: 1 }));
    } catch (error) {
      throw translateAwsError(error, 'batch', this.target);
    }
  }

  /** Waits until every job cancelled or timed out has been terminated. */
  async close(): Promise<void> {
    await this.inFlight.settled();
    if (this.options.batchClient === undefined) this.batch.destroy();
    if (this.options.logsClient === undefined) this.logs.destroy();
  }

  private ensureQueue(queue: string, component: string): Promise<void> {
    let check = this.queues.get(queue);
    if (check === undefined) {
      check = (async () => {
        const answer = await this.batch.send(new DescribeJobQueuesCommand({ jobQueues: [queue] }));
        const found = answer.jobQueues?.[0];
        if (found === undefined) {
          throw new TwinGraphError(ERROR_CODES.NOT_FOUND, `Batch component '${component}': job queue '${queue}' does not exist in ${this.target}`, {
            hint: 'Create it (aws batch create-job-queue) or fix job_queue / TWINGRAPH_BATCH_JOB_QUEUE; check AWS_REGION too.',
            details: { component, platform: 'batch', jobQueue: queue, target: this.target },
            nonRetryable: true,
          });
        }
        if (found.state === 'DISABLED' || found.status === 'INVALID') {
          throw new TwinGraphError(ERROR_CODES.EXECUTOR_NOT_CONFIGURED, `Batch component '${component}': job queue '${queue}' is ${found.state === 'DISABLED' ? 'disabled' : `invalid (${found.statusReason ?? 'no reason'})`}`, {
            category: 'operational',
            hint: 'Enable the queue and check its compute environments (aws batch update-job-queue --state ENABLED).',
            details: { component, platform: 'batch', jobQueue: queue },
            nonRetryable: true,
          });
        }
      })();
      check.catch(() => this.queues.delete(queue));
      this.queues.set(queue, check);
    }
    return check;
  }

  private async prepare(request: ExecutionRequest, platform: BatchPlatformOptions): Promise<{ jobDefinition: string; overrides: { environment: KeyValuePair[]; command?: string[]; resourceRequirements?: ReturnType<typeof resourceRequirements> }; byReference: boolean; outputsKey?: string }> {
    const { component } = request;
    const name = component.name;
    const runsCode = component.fn !== undefined || component.code !== undefined;
    const image = component.image ?? (runsCode ? this.options.runtimeImage : undefined);
    if (image === undefined && platform.job_definition === undefined) {
      throw invalidAwsOption('batch', name, 'image', runsCode ? 'is missing: no TwinGraph runtime image is configured' : 'is missing', runsCode
        ? 'Build and push packages/executor-aws/runtime-image and set TWINGRAPH_BATCH_RUNTIME_IMAGE (or image on the component), or name a job_definition.'
        : "Set image: 'repository:tag' and command on the component, or name a job_definition.");
    }
    const env: Record<string, string> = { ...this.options.env };
    let byReference = false;
    let outputsKey: string | undefined;
    let command: string[];
    const store = this.options.blobStore;
    const limit = this.options.inlinePayloadLimit ?? 20 * 1024;
    if (runsCode) {
      const payload = await buildLaunchPayload(request, 'batch');
      if (platform.array_size !== undefined) payload.array = true;
      if (store !== undefined && platform.array_size === undefined) {
        outputsKey = `${store.prefix}outputs/${safe(request.runId)}/${safe(request.executionId)}-${request.attempt}.json`;
        payload.outputsUrl = await store.presignPut(outputsKey);
      }
      const json = JSON.stringify(payload);
      if (Buffer.byteLength(json) <= limit) env['TWINGRAPH_PAYLOAD'] = json;
      else {
        if (store === undefined) throw payloadTooLarge(name, Buffer.byteLength(json), limit);
        const ref = await store.put(new TextEncoder().encode(json));
        env['TWINGRAPH_PAYLOAD_URL'] = await store.presignGet(store.keyOf(ref));
        byReference = true;
        request.log('system', `payload of ${Buffer.byteLength(json)} bytes sent by reference (${ref.$ref})`);
      }
      command = RUNTIME_COMMAND;
    } else {
      const inputs = JSON.stringify(request.inputs);
      if (Buffer.byteLength(inputs) > limit) throw payloadTooLarge(name, Buffer.byteLength(inputs), limit, 'a plain container command gets its inputs in TWINGRAPH_INPUTS');
      Object.assign(env, component.env, {
        [RUNTIME_ENV.inputs]: inputs,
        [RUNTIME_ENV.runId]: request.runId,
        [RUNTIME_ENV.executionId]: request.executionId,
        [RUNTIME_ENV.component]: name,
        [RUNTIME_ENV.attempt]: String(request.attempt),
      });
      command = component.command ?? [];
    }
    const vcpus = platform.vcpus ?? this.options.vcpus ?? 1;
    const memory = platform.memory ?? this.options.memory ?? 2048;
    const gpu = platform.gpu ?? 0;
    const environment = Object.entries(env).map(([key, value]) => ({ name: key, value }));
    if (platform.job_definition !== undefined) {
      const sized = platform.vcpus !== undefined || platform.memory !== undefined || platform.gpu !== undefined;
      return {
        jobDefinition: platform.job_definition,
        overrides: { environment, ...(command.length > 0 ? { command } : {}), ...(sized ? { resourceRequirements: resourceRequirements(vcpus, memory, gpu) } : {}) },
        byReference,
        ...(outputsKey === undefined ? {} : { outputsKey }),
      };
    }
    const compute = platform.compute ?? this.options.compute ?? 'ec2';
    if (compute === 'fargate' && this.options.executionRoleArn === undefined) {
      throw invalidAwsOption('batch', name, 'compute', "is 'fargate', which needs an execution role", 'Set TWINGRAPH_BATCH_EXECUTION_ROLE_ARN (BatchExecutor executionRoleArn) to a role with AmazonECSTaskExecutionRolePolicy.');
    }
    const spec: JobDefinitionSpec = {
      component: name,
      image: image!,
      command,
      compute,
      vcpus,
      memory,
      gpu,
      ...(this.options.jobRoleArn === undefined ? {} : { jobRoleArn: this.options.jobRoleArn }),
      ...(this.options.executionRoleArn === undefined ? {} : { executionRoleArn: this.options.executionRoleArn }),
      assignPublicIp: this.options.assignPublicIp ?? false,
    };
    const jobDefinition = await this.definitions.ensure(spec, (line) => request.log('system', line));
    return { jobDefinition, overrides: { environment }, byReference, ...(outputsKey === undefined ? {} : { outputsKey }) };
  }

  /** Polls the job (or its children) until it stops, streaming its log; returns its outputs. */
  private async follow(request: ExecutionRequest, watch: JobWatch, outputsKey: string | undefined): Promise<{ outputs: Record<string, unknown>; source: string }> {
    const name = request.component.name;
    const logGroup = this.options.logGroupName ?? '/aws/batch/job';
    const collector = new OutputCollector((stream, line) => request.log(stream, line), { jsonStdout: false });
    let stored: string | undefined;
    let reader: LogStreamReader | undefined;
    let seen = 0;
    const drain = async (): Promise<void> => {
      for (const line of (await reader?.read(request.signal)) ?? []) {
        seen++;
        if (line.startsWith(STORED_MARKER)) stored = line.slice(STORED_MARKER.length);
        else collector.onLine('stdout', line);
      }
    };
    let lastStatus = '';
    for (;;) {
      const ids = watch.children.length > 0 ? watch.children : [watch.jobId];
      const jobs = await this.poller.next(ids, request.signal);
      if (watch.children.length === 0) {
        const job = jobs.get(watch.jobId);
        if (job?.status !== undefined && job.status !== lastStatus) {
          lastStatus = job.status;
          request.log('system', `Batch job ${watch.jobId} ${job.status}${job.statusReason === undefined ? '' : `: ${job.statusReason}`}`);
        }
        const stream = job?.container?.logStreamName;
        if (reader === undefined && stream !== undefined) reader = new LogStreamReader(this.logs, logGroup, stream);
        await drain();
        if (job !== undefined && TERMINAL.has(job.status ?? '')) {
          // CloudWatch Logs can lag the job's end by a moment: read until two reads come back empty.
          for (let quiet = 0; quiet < 2; ) {
            const before = seen;
            await sleep(200, request.signal);
            await drain();
            quiet = seen === before ? quiet + 1 : 0;
          }
          if (job.status === 'FAILED') throw batchJobFailed(name, job, collector);
          return batchOutputs(name, collector, stored, outputsKey, this.options.blobStore);
        }
      } else if (ids.every((id) => TERMINAL.has(jobs.get(id)?.status ?? ''))) {
        return this.arrayOutputs(request, watch, jobs, logGroup);
      }
    }
  }

  private async arrayOutputs(request: ExecutionRequest, watch: JobWatch, jobs: Map<string, JobDetail>, logGroup: string): Promise<{ outputs: Record<string, unknown>; source: string }> {
    const name = request.component.name;
    const items: Record<string, unknown>[] = [];
    for (const [index, id] of watch.children.entries()) {
      const job = jobs.get(id)!;
      const collector = new OutputCollector((stream, line) => request.log(stream, `[${index}] ${line}`), { jsonStdout: false });
      const stream = job.container?.logStreamName;
      if (stream !== undefined) for (const line of await new LogStreamReader(this.logs, logGroup, stream).read(request.signal)) collector.onLine('stdout', line);
      if (job.status === 'FAILED') throw batchJobFailed(`${name}[${index}]`, job, collector);
      items.push((await batchOutputs(`${name}[${index}]`, collector, undefined, undefined, undefined)).outputs);
    }
    return { outputs: { items }, source: 'array' };
  }

  /** TerminateJob for the job and its children, tracked so close() waits for it. */
  private terminate(watch: JobWatch, request: ExecutionRequest): void {
    const reason = `TwinGraph: ${request.signal.reason instanceof Error ? request.signal.reason.message : 'cancelled'}`.slice(0, 250);
    const work = (async () => {
      for (const id of [watch.jobId, ...watch.children]) {
        await this.batch.send(new TerminateJobCommand({ jobId: id, reason })).catch((error: unknown) => {
          request.log('system', `could not terminate Batch job ${id}: ${error instanceof Error ? error.message : String(error)}`);
        });
      }
      request.log('system', `terminated Batch job ${watch.jobId}`);
    })();
    this.inFlight.track(work);
  }
}

function safe(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}

function payloadTooLarge(component: string, size: number, limit: number, why = 'no S3 blob store is configured to pass it by reference'): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.EXECUTOR_NOT_CONFIGURED, `Batch component '${component}': the job payload is ${size} bytes, over the limit of ${limit} bytes (SubmitJob requests hold at most 30 KiB), and ${why}`, {
    category: 'operational',
    hint: 'Set TWINGRAPH_S3_BUCKET (or BatchExecutor blobStore) so large payloads go through S3, or pass smaller inputs (e.g. an S3 key).',
    details: { component, platform: 'batch', payloadBytes: size, limitBytes: limit },
    nonRetryable: true,
  });
}
