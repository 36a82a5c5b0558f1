import type { JobDetail } from '@aws-sdk/client-batch';
import type { OutputCollector } from '@twingraph/core';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { harnessError, parseRemoteOutputs } from './remote-result.js';
import type { S3BlobStore } from './s3-blob-store.js';
import { noOutputsError } from '@twingraph/core';

/** The runtime's log line saying the outputs were too large for the log and went to S3. */
export const STORED_MARKER = '::twingraph-outputs-stored::';

/** Outputs of a succeeded job: its marker line, or the object the runtime stored in S3. */
export async function batchOutputs(
  component: string,
  collector: OutputCollector,
  stored: string | undefined,
  outputsKey: string | undefined,
  store: S3BlobStore | undefined,
): Promise<{ outputs: Record<string, unknown>; source: string }> {
  const collected = collector.result;
  if (collected.error !== undefined) throw harnessError(collected.error);
  if (collected.marker !== undefined) return { outputs: parseRemoteOutputs(component, 'marker line', collected.marker), source: 'marker' };
  if (stored !== undefined && outputsKey !== undefined && store !== undefined) {
    const data = await store.getObject(outputsKey);
    if (data !== undefined) {
      await store.deleteObject(outputsKey);
      return { outputs: parseRemoteOutputs(component, `${stored} (via S3)`, new TextDecoder().decode(data)), source: `${stored}+s3` };
    }
  }
  throw noOutputsError(component);
}

/** The error of a FAILED job: the harness's error, out of memory, timeout, or exit code with the log tail. */
export function batchJobFailed(component: string, job: JobDetail, collector: OutputCollector): TwinGraphError {
  const collected = collector.result;
  if (collected.error !== undefined) return harnessError(collected.error);
  const reason = [job.statusReason, job.container?.reason].filter((r) => r !== undefined && r !== '').join('; ');
  const exitCode = job.container?.exitCode;
  const tail = collector.tail.length === 0 ? ' (no log output)' : `. Last log lines:\n${collector.tail.map((l) => `  ${l}`).join('\n')}`;
  const details = { component, platform: 'batch', jobId: job.jobId, exitCode: exitCode ?? null, statusReason: reason || null, logTail: [...collector.tail] };
  if (/OutOfMemory/i.test(reason)) {
    return new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `Batch component '${component}' ran out of memory (job ${job.jobId}: ${reason})${tail}`, {
      hint: 'Give it more memory (platformOptions.memory, MiB), or make it use less.',
      details: { ...details, oomKilled: true },
    });
  }
  if (/attempt duration exceeded|timeout/i.test(reason)) {
    return new TwinGraphError(ERROR_CODES.TIMEOUT, `Batch component '${component}' reached its job timeout (job ${job.jobId}: ${reason})${tail}`, {
      hint: "Raise the component's timeoutMs, or make it faster.",
      details,
    });
  }
  const how = exitCode === undefined ? 'failed' : `exited with code ${exitCode}`;
  return new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `Batch component '${component}' ${how} (job ${job.jobId}${reason === '' ? '' : `: ${reason}`})${tail}`, {
    hint: "Read the component's log above (CloudWatch Logs, /aws/batch/job); fix the code or its inputs.",
    details,
  });
}
