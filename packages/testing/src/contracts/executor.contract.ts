import { describe, expect, it } from 'vitest';
import type { ComponentSpec, ExecutionRequest, Executor } from '@twingraph/core';
import { toErrorData } from '@twingraph/model';
import { useFreshSubject, type ContractSubject } from './contract-harness.js';

/**
 * Component specs the executor under test can run. Each reads what to do from its inputs, so the
 * same spec works for in-process functions, code components and container images.
 */
export interface ExecutorContractSpecs {
  /** Returns its inputs as outputs. */
  echo(): ComponentSpec;
  /** Fails with the message in `inputs.message`. */
  fail(): ComponentSpec;
  /** Waits `inputs.ms` milliseconds, stopping early when the request's signal is aborted, then returns `{ slept: ms }`. */
  sleep(): ComponentSpec;
  /** Writes each string of `inputs.lines` as a log line (in order), then returns `{ count }`. */
  log(): ComponentSpec;
}

export interface ExecutorSubject extends ContractSubject {
  executor: Executor;
  specs: ExecutorContractSpecs;
}

export type ExecutorFactory = () => Promise<ExecutorSubject>;

export interface ExecutorContractOptions {
  /** How long a component may keep running after its signal is aborted, in ms. @defaultValue 2000 */
  abortWithinMs?: number;
}

/**
 * The Executor contract: every executor binds it with specs for its platform, e.g.
 * `describeExecutorContract('LocalExecutor', async () => ({ executor: new LocalExecutor(), specs: localSpecs }))`.
 * Without `cleanup`, the suite calls `executor.close?.()` after each test.
 */
export function describeExecutorContract(name: string, factory: ExecutorFactory, options: ExecutorContractOptions = {}): void {
  const abortWithinMs = options.abortWithinMs ?? 2000;
  describe(`Executor contract: ${name}`, () => {
    const subject = useFreshSubject(factory, async (s) => {
      await s.executor.close?.();
    });
    let counter = 0;
    const request = (component: ComponentSpec, inputs: Record<string, unknown>, extra: Partial<ExecutionRequest> = {}): ExecutionRequest => {
      counter++;
      return {
        runId: 'contract-run',
        executionId: `contract-exec-${counter}`,
        attempt: 1,
        component,
        inputs,
        signal: new AbortController().signal,
        log: () => undefined,
        ...extra,
      };
    };

    it('returns the outputs of a component', async () => {
      const { executor, specs } = subject();
      const inputs = { text: 'héllo 😀', n: 3, list: [1, null, true], nested: { a: { b: 'c' } } };
      const outcome = await executor.execute(request(specs.echo(), inputs));
      expect(outcome.outputs).toEqual(inputs);
    });

    it('rejects with the error of a failing component', async () => {
      const { executor, specs } = subject();
      const failure = await executor.execute(request(specs.fail(), { message: 'disk on fire' })).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeDefined();
      expect(toErrorData(failure).message).toContain('disk on fire');
    });

    it('stops a running component when the signal is aborted', async () => {
      const { executor, specs } = subject();
      const controller = new AbortController();
      const started = Date.now();
      const pending = executor.execute(request(specs.sleep(), { ms: 30_000 }, { signal: controller.signal }));
      setTimeout(() => controller.abort(new Error('cancelled by contract test')), 50);
      await expect(pending).rejects.toBeDefined();
      expect(Date.now() - started).toBeLessThan(50 + abortWithinMs);
    });

    it('finishes a short sleep when not aborted', async () => {
      const { executor, specs } = subject();
      const outcome = await executor.execute(request(specs.sleep(), { ms: 20 }));
      expect(outcome.outputs).toEqual({ slept: 20 });
    });

    it('sends the log lines of a component to request.log, in order', async () => {
      const { executor, specs } = subject();
      const lines: string[] = [];
      const outcome = await executor.execute(
        request(specs.log(), { lines: ['first', 'second ✓', 'third'] }, { log: (_stream, line) => lines.push(line) }),
      );
      expect(outcome.outputs).toEqual({ count: 3 });
      expect(lines.filter((l) => l !== '')).toEqual(expect.arrayContaining(['first', 'second ✓', 'third']));
      const order = ['first', 'second ✓', 'third'].map((l) => lines.indexOf(l));
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    });
  });
}
