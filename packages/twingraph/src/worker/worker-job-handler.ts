import { ERROR_CODES, TwinGraphError, toErrorData, timeoutError } from '@twingraph/model';
import type { ComponentSpec, Executor, JobHandler } from '@twingraph/core';
import { registeredComponent } from '../sdk/component-registry.js';

/**
 * What a worker does with a job: find the component (document code travels in the job; SDK components
 * are looked up by name among the modules the worker imported), run it with the local executor under
 * the job's timeout and the submitter's cancel signal, and return outputs with the worker id recorded.
 */
export function createWorkerJobHandler(workerId: string, executor: Executor): JobHandler {
  return async (job, context) => {
    let component: ComponentSpec = job.component;
    if (job.component.code === undefined) {
      const definition = registeredComponent(job.component.name);
      if (definition === undefined) {
        return { ok: false, error: toErrorData(new TwinGraphError(ERROR_CODES.NO_CAPABLE_WORKER, `No worker can run component '${job.component.name}': worker ${workerId} does not define it`, {
          category: 'operational',
          hint: `Start workers with --import <module defining '${job.component.name}'>, or send this pipeline to a queue whose workers have it.`,
          details: { component: job.component.name, worker: workerId },
          nonRetryable: true,
        })) };
      }
      if (definition.spec.codeHash !== job.component.codeHash) {
        context.log('system', `worker ${workerId}: component '${job.component.name}' here differs from the submitter's (code hash ${definition.spec.codeHash.slice(0, 12)} vs ${job.component.codeHash.slice(0, 12)})`);
      }
      component = { ...job.component, fn: definition.spec.fn };
    }
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(context.signal.reason);
    context.signal.addEventListener('abort', onAbort, { once: true });
    // The worker enforces the timeout itself too, so the work stops even when the submitter is gone.
    const timer = job.timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(timeoutError(job.component.name, job.timeoutMs!)), job.timeoutMs);
    try {
      // In-process functions cannot be killed: stop waiting on abort so the slot and the job are released.
      const aborted = new Promise<never>((_, reject) => {
        if (controller.signal.aborted) reject(controller.signal.reason as Error);
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
      });
      aborted.catch(() => undefined);
      const outcome = await Promise.race([aborted, executor.execute({
        runId: job.runId,
        executionId: job.executionId,
        attempt: job.attempt,
        component,
        inputs: job.inputs,
        signal: controller.signal,
        ...(job.timeoutMs === undefined ? {} : { timeoutMs: job.timeoutMs }),
        log: (stream, line) => context.log(stream, line),
      })]);
      return { ok: true, outputs: outcome.outputs, metadata: { ...outcome.metadata, worker: workerId } };
    } catch (error) {
      return { ok: false, error: toErrorData(controller.signal.aborted && !(error instanceof TwinGraphError) ? controller.signal.reason : error) };
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      context.signal.removeEventListener('abort', onAbort);
    }
  };
}
